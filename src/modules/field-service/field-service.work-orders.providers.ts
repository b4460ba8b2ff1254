import { Provider, Type } from '@nestjs/common';
import { registerConstraintField } from '@opsledger/persistence';
import { WorkOrdersController } from './api/work-orders.controller';
import { AssignTechnicianHandler } from './application/commands/assign-technician/assign-technician.handler';
import { CancelWorkOrderHandler } from './application/commands/cancel-work-order/cancel-work-order.handler';
import { ChangeWorkOrderHandler } from './application/commands/change-work-order/change-work-order.handler';
import { CompleteWorkOrderHandler } from './application/commands/complete-work-order/complete-work-order.handler';
import { DeleteWorkOrderHandler } from './application/commands/delete-work-order/delete-work-order.handler';
import { OpenWorkOrderHandler } from './application/commands/open-work-order/open-work-order.handler';
import { ProgressWorkOrderHandler } from './application/commands/progress-work-order/progress-work-order.handler';
import { RescheduleWorkOrderHandler } from './application/commands/reschedule-work-order/reschedule-work-order.handler';
import { SetWorkOrderActiveHandler } from './application/commands/set-work-order-active/set-work-order-active.handler';
import { UnassignTechnicianHandler } from './application/commands/unassign-technician/unassign-technician.handler';
import { GetWorkOrderHandler } from './application/queries/get-work-order/get-work-order.handler';
import { ListWorkOrdersHandler } from './application/queries/list-work-orders/list-work-orders.handler';
import { WorkOrderReader } from './application/queries/work-order.reader';
import { WorkOrderRepository } from './domain/work-order.repository';
import { SqlWorkOrderReader } from './infrastructure/typeorm/sql-work-order.reader';
import { SqlWorkOrderRepository } from './infrastructure/typeorm/sql-work-order.repository';

const commandHandlers = [
  OpenWorkOrderHandler,
  ChangeWorkOrderHandler,
  AssignTechnicianHandler,
  UnassignTechnicianHandler,
  RescheduleWorkOrderHandler,
  ProgressWorkOrderHandler,
  CompleteWorkOrderHandler,
  CancelWorkOrderHandler,
  SetWorkOrderActiveHandler,
  DeleteWorkOrderHandler,
];

const queryHandlers = [GetWorkOrderHandler, ListWorkOrdersHandler];

const ports: Provider[] = [
  { provide: WorkOrderRepository, useClass: SqlWorkOrderRepository },
  { provide: WorkOrderReader, useClass: SqlWorkOrderReader },
];

registerConstraintField('ex_work_orders_technician_overlap', 'assignedTechnicianId');
registerConstraintField('ck_work_orders_schedule', 'scheduledEnd');
registerConstraintField('ck_work_orders_priority', 'priority');
registerConstraintField('ck_work_orders_labor_hours', 'laborHours');
registerConstraintField('work_orders_customer_id_fkey', 'customerId');
registerConstraintField('work_orders_assigned_technician_id_fkey', 'assignedTechnicianId');

/** Providers and controllers of the work-orders part of the field-service context. */
export const workOrdersProviders: Provider[] = [...commandHandlers, ...queryHandlers, ...ports];
export const workOrdersControllers: Type[] = [WorkOrdersController];
