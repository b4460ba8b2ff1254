import { Provider, Type } from '@nestjs/common';
import { registerConstraintField } from '@opsledger/persistence';
import { DashboardController } from './api/dashboard.controller';
import { InventoryController } from './api/inventory.controller';
import { WorkOrderPartsController } from './api/work-order-parts.controller';
import { AdjustInventoryHandler } from './application/commands/adjust-inventory/adjust-inventory.handler';
import { ChangeInventoryHandler } from './application/commands/change-inventory/change-inventory.handler';
import { CreateInventoryHandler } from './application/commands/create-inventory/create-inventory.handler';
import { DeleteInventoryHandler } from './application/commands/delete-inventory/delete-inventory.handler';
import { ReceiveInventoryHandler } from './application/commands/receive-inventory/receive-inventory.handler';
import { SetInventoryActiveHandler } from './application/commands/set-inventory-active/set-inventory-active.handler';
import { ConsumeWorkOrderPartHandler } from './application/commands/consume-work-order-part/consume-work-order-part.handler';
import { ReleaseWorkOrderPartHandler } from './application/commands/release-work-order-part/release-work-order-part.handler';
import { ReserveWorkOrderPartHandler } from './application/commands/reserve-work-order-part/reserve-work-order-part.handler';
import { GetDashboardSummaryHandler } from './application/queries/get-dashboard-summary/get-dashboard-summary.handler';
import { DashboardReader } from './application/queries/dashboard.reader';
import { GetInventoryHandler } from './application/queries/get-inventory/get-inventory.handler';
import { ListInventoryHandler } from './application/queries/list-inventory/list-inventory.handler';
import { InventoryReader } from './application/queries/inventory.reader';
import { ListInventoryToReorderHandler } from './application/queries/list-inventory-to-reorder/list-inventory-to-reorder.handler';
import { GetWorkOrderPartHandler } from './application/queries/get-work-order-part/get-work-order-part.handler';
import { ListWorkOrderPartsHandler } from './application/queries/list-work-order-parts/list-work-order-parts.handler';
import { WorkOrderPartReader } from './application/queries/work-order-part.reader';
import { WorkOrderPartAccess } from './application/work-order-part-access';
import { InventoryRepository } from './domain/inventory.repository';
import { SqlDashboardReader } from './infrastructure/typeorm/sql-dashboard.reader';
import { SqlInventoryReader } from './infrastructure/typeorm/sql-inventory.reader';
import { SqlInventoryRepository } from './infrastructure/typeorm/sql-inventory.repository';
import { SqlWorkOrderPartReader } from './infrastructure/typeorm/sql-work-order-part.reader';

const commandHandlers: Provider[] = [
  CreateInventoryHandler,
  ChangeInventoryHandler,
  ReceiveInventoryHandler,
  AdjustInventoryHandler,
  SetInventoryActiveHandler,
  DeleteInventoryHandler,
  ReserveWorkOrderPartHandler,
  ConsumeWorkOrderPartHandler,
  ReleaseWorkOrderPartHandler,
];

const queryHandlers: Provider[] = [
  GetInventoryHandler,
  ListInventoryHandler,
  ListInventoryToReorderHandler,
  GetWorkOrderPartHandler,
  ListWorkOrderPartsHandler,
  GetDashboardSummaryHandler,
];

const ports: Provider[] = [
  { provide: InventoryRepository, useClass: SqlInventoryRepository },
  { provide: InventoryReader, useClass: SqlInventoryReader },
  { provide: WorkOrderPartReader, useClass: SqlWorkOrderPartReader },
  { provide: DashboardReader, useClass: SqlDashboardReader },
];

registerConstraintField('uq_inventory_tenant_sku', 'sku');
registerConstraintField('ck_inventory_quantity', 'quantity');
registerConstraintField('ck_inventory_reserved', 'quantity');

/** Providers and controllers of the inventory part of the field-service context. */
export const inventoryProviders: Provider[] = [
  ...commandHandlers,
  ...queryHandlers,
  ...ports,
  WorkOrderPartAccess,
];
export const inventoryControllers: Type[] = [
  InventoryController,
  WorkOrderPartsController,
  DashboardController,
];
