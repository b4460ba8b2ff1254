import { DomainEvent, NO_PERSONAL_DATA } from '@opsledger/ddd';
import { WorkOrderPriority, WorkOrderStatus } from '../work-order-lifecycle';

/** Instants travel as ISO strings, hours as decimal strings. */
export interface WorkOrderOpenedPayload {
  tenantId: string;
  title: string;
  description: string | null;
  status: WorkOrderStatus;
  priority: WorkOrderPriority;
  customerId: string;
  scheduledStart: string | null;
  scheduledEnd: string | null;
  isActive: boolean;
  /** Who asked for the work: a dispatcher, or the customer through its portal. */
  via: 'dispatch' | 'customer-portal';
}

export interface WorkOrderDetails {
  title: string;
  description: string | null;
  priority: WorkOrderPriority;
}

type Status = { status: WorkOrderStatus };
type Booking = {
  assignedTechnicianId: string | null;
  scheduledStart: string | null;
  scheduledEnd: string | null;
};

/** Named on its own: the plan limit counts a user's openings in the ledger. */
export const WORK_ORDER_OPENED_EVENT_TYPE = 'field-service.work-order.opened.v1';

export class WorkOrderOpenedEvent extends DomainEvent<WorkOrderOpenedPayload> {
  static readonly personalData = NO_PERSONAL_DATA;
  readonly type = WORK_ORDER_OPENED_EVENT_TYPE;
}

export class WorkOrderDetailsChangedEvent extends DomainEvent<Partial<WorkOrderDetails>> {
  static readonly personalData = NO_PERSONAL_DATA;
  readonly type = 'field-service.work-order.details-changed.v1';
}

/** Named on its own: the repository asks the ledger whether an order was ever assigned. */
export const TECHNICIAN_ASSIGNED_EVENT_TYPE = 'field-service.work-order.technician-assigned.v1';

export class WorkOrderTechnicianAssignedEvent extends DomainEvent<Status & Booking> {
  static readonly personalData = NO_PERSONAL_DATA;
  readonly type = TECHNICIAN_ASSIGNED_EVENT_TYPE;
}

export class WorkOrderTechnicianUnassignedEvent extends DomainEvent<
  Status & { assignedTechnicianId: null }
> {
  static readonly personalData = NO_PERSONAL_DATA;
  readonly type = 'field-service.work-order.technician-unassigned.v1';
}

export class WorkOrderRescheduledEvent extends DomainEvent<{
  scheduledStart: string;
  scheduledEnd: string;
}> {
  static readonly personalData = NO_PERSONAL_DATA;
  readonly type = 'field-service.work-order.rescheduled.v1';
}

export class WorkOrderStartedEvent extends DomainEvent<Status> {
  static readonly personalData = NO_PERSONAL_DATA;
  readonly type = 'field-service.work-order.started.v1';
}

export class WorkOrderPausedEvent extends DomainEvent<Status> {
  static readonly personalData = NO_PERSONAL_DATA;
  readonly type = 'field-service.work-order.paused.v1';
}

export class WorkOrderResumedEvent extends DomainEvent<Status> {
  static readonly personalData = NO_PERSONAL_DATA;
  readonly type = 'field-service.work-order.resumed.v1';
}

export class WorkOrderCompletedEvent extends DomainEvent<
  Status & { completedAt: string; laborHours: string; laborRate: string | null }
> {
  static readonly personalData = NO_PERSONAL_DATA;
  readonly type = 'field-service.work-order.completed.v1';
}

export class WorkOrderCancelledEvent extends DomainEvent<Status> {
  static readonly personalData = NO_PERSONAL_DATA;
  readonly type = 'field-service.work-order.cancelled.v1';
}

export class WorkOrderDeactivatedEvent extends DomainEvent<{ isActive: false }> {
  static readonly personalData = NO_PERSONAL_DATA;
  readonly type = 'field-service.work-order.deactivated.v1';
}

export class WorkOrderReactivatedEvent extends DomainEvent<{ isActive: true }> {
  static readonly personalData = NO_PERSONAL_DATA;
  readonly type = 'field-service.work-order.reactivated.v1';
}

export class WorkOrderDeletedEvent extends DomainEvent<{ deleted: true }> {
  static readonly personalData = NO_PERSONAL_DATA;
  readonly type = 'field-service.work-order.deleted.v1';
}
