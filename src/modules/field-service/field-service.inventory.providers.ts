import { Provider, Type } from '@nestjs/common';
import { registerConstraintField } from '@opsledger/persistence';
import { DashboardController } from './api/dashboard.controller';
import { InventoryController } from './api/inventory.controller';
import { WorkOrderPartsController } from './api/work-order-parts.controller';
import { InventoryAdjustHandler } from './application/commands/inventory-adjust/inventory-adjust.handler';
import { InventoryChangeHandler } from './application/commands/inventory-change/inventory-change.handler';
import { InventoryCreateHandler } from './application/commands/inventory-create/inventory-create.handler';
import { InventoryDeleteHandler } from './application/commands/inventory-delete/inventory-delete.handler';
import { InventoryReceiveHandler } from './application/commands/inventory-receive/inventory-receive.handler';
import { InventorySetActiveHandler } from './application/commands/inventory-set-active/inventory-set-active.handler';
import { WorkOrderPartConsumeHandler } from './application/commands/work-order-part-consume/work-order-part-consume.handler';
import { WorkOrderPartReleaseHandler } from './application/commands/work-order-part-release/work-order-part-release.handler';
import { WorkOrderPartReserveHandler } from './application/commands/work-order-part-reserve/work-order-part-reserve.handler';
import { DashboardSummaryHandler } from './application/queries/dashboard-summary/dashboard-summary.handler';
import { DashboardReader } from './application/queries/dashboard.read-model';
import { InventoryGetHandler } from './application/queries/inventory-get/inventory-get.handler';
import { InventoryListHandler } from './application/queries/inventory-list/inventory-list.handler';
import { InventoryReader } from './application/queries/inventory.read-model';
import { ReorderListHandler } from './application/queries/reorder-list/reorder-list.handler';
import { WorkOrderPartGetHandler } from './application/queries/work-order-part-get/work-order-part-get.handler';
import { WorkOrderPartListHandler } from './application/queries/work-order-part-list/work-order-part-list.handler';
import { WorkOrderPartReader } from './application/queries/work-order-part.read-model';
import { WorkOrderPartAccess } from './application/work-order-part-access';
import { InventoryRepository } from './domain/inventory.repository';
import { DashboardSqlReader } from './infrastructure/typeorm/dashboard-sql.reader';
import { InventorySqlReader } from './infrastructure/typeorm/inventory-sql.reader';
import { InventoryTypeormRepository } from './infrastructure/typeorm/inventory-typeorm.repository';
import { WorkOrderPartSqlReader } from './infrastructure/typeorm/work-order-part-sql.reader';

const commandHandlers: Provider[] = [
  InventoryCreateHandler,
  InventoryChangeHandler,
  InventoryReceiveHandler,
  InventoryAdjustHandler,
  InventorySetActiveHandler,
  InventoryDeleteHandler,
  WorkOrderPartReserveHandler,
  WorkOrderPartConsumeHandler,
  WorkOrderPartReleaseHandler,
];

const queryHandlers: Provider[] = [
  InventoryGetHandler,
  InventoryListHandler,
  ReorderListHandler,
  WorkOrderPartGetHandler,
  WorkOrderPartListHandler,
  DashboardSummaryHandler,
];

const ports: Provider[] = [
  { provide: InventoryRepository, useClass: InventoryTypeormRepository },
  { provide: InventoryReader, useClass: InventorySqlReader },
  { provide: WorkOrderPartReader, useClass: WorkOrderPartSqlReader },
  { provide: DashboardReader, useClass: DashboardSqlReader },
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
