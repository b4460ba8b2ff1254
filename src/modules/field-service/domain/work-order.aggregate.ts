import { AggregateRoot, DomainEvent, Money } from '@opsledger/ddd';
import {
  WorkOrderCancelledEvent,
  WorkOrderCompletedEvent,
  WorkOrderDeactivatedEvent,
  WorkOrderDeletedEvent,
  WorkOrderDetails,
  WorkOrderDetailsChangedEvent,
  WorkOrderOpenedEvent,
  WorkOrderOpenedPayload,
  WorkOrderPausedEvent,
  WorkOrderReactivatedEvent,
  WorkOrderRescheduledEvent,
  WorkOrderResumedEvent,
  WorkOrderStartedEvent,
  WorkOrderTechnicianAssignedEvent,
  WorkOrderTechnicianUnassignedEvent,
} from './events/work-order.events';
import { LaborHours } from './work-order-labor-hours';
import {
  WORK_ORDER_LIFECYCLE,
  WORK_ORDER_PRIORITIES,
  WorkOrderAction,
  WorkOrderPriority,
  WorkOrderStatus,
} from './work-order-lifecycle';
import { toSchedule } from './work-order-schedule';
import {
  InvalidWorkOrderFieldError,
  TechnicianNotAssignableError,
  WorkOrderClosedError,
  WorkOrderCustomerUnavailableError,
  WorkOrderInactiveError,
  WorkOrderNotDraftError,
  WorkOrderScheduleRequiredError,
} from './work-order.errors';

export interface WorkOrderState {
  tenantId: string;
  title: string;
  description: string | null;
  status: WorkOrderStatus;
  priority: WorkOrderPriority;
  customerId: string;
  assignedTechnicianId: string | null;
  scheduledStart: Date | null;
  scheduledEnd: Date | null;
  completedAt: Date | null;
  laborHours: LaborHours | null;
  /** The assigned technician's hourly rate when the work was completed; invoicing bills it. */
  laborRate: Money | null;
  isActive: boolean;
  createdAt: Date;
  /** Whether a technician was ever assigned (the ledger knows): such an order is no draft. */
  everAssigned: boolean;
  /** Whether parts are reserved for or used on the order (work_order_parts): no draft either. */
  hasParts: boolean;
}

export interface OpenWorkOrderProps {
  id: string;
  tenantId: string;
  title: string;
  description?: string | null;
  priority?: WorkOrderPriority;
  customerId: string;
  /** Whether the customer exists in the tenant and takes new orders. */
  customerAcceptsOrders: boolean;
  scheduledStart?: string | null;
  scheduledEnd?: string | null;
  via: WorkOrderOpenedPayload['via'];
}

export interface AssignTechnicianProps {
  technicianId: string;
  /** Whether the technician exists in the tenant and may take new work. */
  technicianAssignable: boolean;
  /** Omitted: the order's current schedule is kept. */
  scheduledStart?: string | null;
  scheduledEnd?: string | null;
}

const DESCRIPTION_MAX = 10_000;
const iso = (d: Date | null) => (d ? d.toISOString() : null);

function title(value: string): string {
  const text = value.trim();
  if (text.length === 0) throw new InvalidWorkOrderFieldError('title', 'title must not be blank');
  if (text.length > 255)
    throw new InvalidWorkOrderFieldError('title', 'title must be at most 255 characters');
  return text;
}

function description(value: string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  const text = value.trim();
  if (text.length > DESCRIPTION_MAX)
    throw new InvalidWorkOrderFieldError(
      'description',
      `description must be at most ${DESCRIPTION_MAX} characters`,
    );
  return text.length > 0 ? text : null;
}

function priority(value: WorkOrderPriority | undefined): WorkOrderPriority {
  if (value === undefined) return 'normal';
  if (!WORK_ORDER_PRIORITIES.includes(value))
    throw new InvalidWorkOrderFieldError(
      'priority',
      `priority must be one of ${WORK_ORDER_PRIORITIES.join(', ')}`,
    );
  return value;
}

type Status = { status: WorkOrderStatus };

/**
 * A service request of a customer (spec 003 `work_orders`), scheduled and carried out by a
 * technician. Its status moves only along WORK_ORDER_LIFECYCLE.
 */
export class WorkOrder extends AggregateRoot {
  readonly streamType = 'work-order';
  private removed = false;

  private constructor(
    id: string,
    version: number,
    private state: WorkOrderState,
  ) {
    super(id, version);
  }

  static open(props: OpenWorkOrderProps, now = new Date()): WorkOrder {
    const schedule = toSchedule(props.scheduledStart, props.scheduledEnd);
    const state: WorkOrderState = {
      tenantId: props.tenantId,
      title: title(props.title),
      description: description(props.description),
      status: 'pending',
      priority: priority(props.priority),
      customerId: props.customerId,
      assignedTechnicianId: null,
      scheduledStart: schedule?.start ?? null,
      scheduledEnd: schedule?.end ?? null,
      completedAt: null,
      laborHours: null,
      laborRate: null,
      isActive: true,
      createdAt: now,
      everAssigned: false,
      hasParts: false,
    };
    if (!props.customerAcceptsOrders) throw new WorkOrderCustomerUnavailableError();
    const order = new WorkOrder(props.id, 0, state);
    order.record(
      new WorkOrderOpenedEvent(props.id, {
        tenantId: state.tenantId,
        title: state.title,
        description: state.description,
        status: state.status,
        priority: state.priority,
        customerId: state.customerId,
        scheduledStart: iso(state.scheduledStart),
        scheduledEnd: iso(state.scheduledEnd),
        isActive: true,
        via: props.via,
      }),
    );
    return order;
  }

  static rehydrate(id: string, version: number, state: WorkOrderState): WorkOrder {
    return new WorkOrder(id, version, { ...state });
  }

  get snapshot(): Readonly<WorkOrderState> {
    return this.state;
  }

  get isRemoved(): boolean {
    return this.removed;
  }

  /** The actions the current status allows (what a 409 would list). */
  get allowedActions(): WorkOrderAction[] {
    return WORK_ORDER_LIFECYCLE.allowedActions(this.state.status);
  }

  changeDetails(changes: {
    title?: string;
    description?: string | null;
    priority?: WorkOrderPriority;
  }): void {
    this.assertOpen();
    const s = this.state;
    const after: WorkOrderDetails = {
      title: changes.title !== undefined ? title(changes.title) : s.title,
      description:
        changes.description !== undefined ? description(changes.description) : s.description,
      priority: changes.priority !== undefined ? priority(changes.priority) : s.priority,
    };
    const next: Partial<WorkOrderDetails> = {};
    const previous: Partial<WorkOrderDetails> = {};
    for (const key of ['title', 'description', 'priority'] as const) {
      if (after[key] !== s[key]) {
        Object.assign(next, { [key]: after[key] });
        Object.assign(previous, { [key]: s[key] });
      }
    }
    if (Object.keys(next).length === 0) return;
    this.state = { ...s, ...after };
    this.record(new WorkOrderDetailsChangedEvent(this.id, next, previous));
  }

  assignTechnician(props: AssignTechnicianProps): void {
    const to = this.next('assign');
    if (!props.technicianAssignable) throw new TechnicianNotAssignableError();
    const given = toSchedule(props.scheduledStart, props.scheduledEnd);
    const start = given?.start ?? this.state.scheduledStart;
    const end = given?.end ?? this.state.scheduledEnd;
    if (!start || !end) throw new WorkOrderScheduleRequiredError();
    const s = this.state;
    this.state = {
      ...s,
      status: to,
      assignedTechnicianId: props.technicianId,
      scheduledStart: start,
      scheduledEnd: end,
      everAssigned: true,
    };
    this.record(
      new WorkOrderTechnicianAssignedEvent(
        this.id,
        {
          status: to,
          assignedTechnicianId: props.technicianId,
          scheduledStart: iso(start),
          scheduledEnd: iso(end),
        },
        {
          status: s.status,
          assignedTechnicianId: s.assignedTechnicianId,
          scheduledStart: iso(s.scheduledStart),
          scheduledEnd: iso(s.scheduledEnd),
        },
      ),
    );
  }

  /** Back to pending; the schedule stays as the customer's wish. */
  unassignTechnician(): void {
    const to = this.next('unassign');
    const s = this.state;
    this.state = { ...s, status: to, assignedTechnicianId: null };
    this.record(
      new WorkOrderTechnicianUnassignedEvent(
        this.id,
        { status: to, assignedTechnicianId: null },
        { status: s.status, assignedTechnicianId: s.assignedTechnicianId },
      ),
    );
  }

  reschedule(scheduledStart: string, scheduledEnd: string): void {
    this.next('reschedule');
    const schedule = toSchedule(scheduledStart, scheduledEnd);
    if (!schedule) throw new WorkOrderScheduleRequiredError();
    const s = this.state;
    if (
      s.scheduledStart?.getTime() === schedule.start.getTime() &&
      s.scheduledEnd?.getTime() === schedule.end.getTime()
    )
      return;
    this.state = { ...s, scheduledStart: schedule.start, scheduledEnd: schedule.end };
    this.record(
      new WorkOrderRescheduledEvent(
        this.id,
        { scheduledStart: schedule.start.toISOString(), scheduledEnd: schedule.end.toISOString() },
        { scheduledStart: iso(s.scheduledStart), scheduledEnd: iso(s.scheduledEnd) },
      ),
    );
  }

  start(): void {
    this.move('start', WorkOrderStartedEvent);
  }

  pause(): void {
    this.move('pause', WorkOrderPausedEvent);
  }

  resume(): void {
    this.move('resume', WorkOrderResumedEvent);
  }

  cancel(): void {
    this.move('cancel', WorkOrderCancelledEvent);
  }

  /**
   * Closes the work with the hours it took; `laborRate` is the assigned technician's hourly rate
   * now (null without a technician), frozen on the order for invoicing.
   */
  complete(laborHours: string, laborRate: Money | null, now = new Date()): void {
    const to = this.next('complete');
    const hours = LaborHours.parse(laborHours);
    const s = this.state;
    this.state = { ...s, status: to, completedAt: now, laborHours: hours, laborRate };
    this.record(
      new WorkOrderCompletedEvent(
        this.id,
        {
          status: to,
          completedAt: now.toISOString(),
          laborHours: hours.toString(),
          laborRate: laborRate?.toString() ?? null,
        },
        {
          status: s.status,
          completedAt: iso(s.completedAt),
          laborHours: s.laborHours?.toString() ?? null,
          laborRate: s.laborRate?.toString() ?? null,
        },
      ),
    );
  }

  /** Archives the order: it keeps its status but frees its technician's time. */
  deactivate(): void {
    if (!this.state.isActive) return;
    this.state = { ...this.state, isActive: false };
    this.record(new WorkOrderDeactivatedEvent(this.id, { isActive: false }, { isActive: true }));
  }

  reactivate(): void {
    if (this.state.isActive) return;
    this.state = { ...this.state, isActive: true };
    this.record(new WorkOrderReactivatedEvent(this.id, { isActive: true }, { isActive: false }));
  }

  /**
   * Only a draft goes away for good: pending, never assigned, no parts (deleting the row would
   * cascade to its part rows without releasing their stock).
   */
  delete(): void {
    const s = this.state;
    if (s.status !== 'pending' || s.everAssigned || s.hasParts) throw new WorkOrderNotDraftError();
    this.removed = true;
    this.record(
      new WorkOrderDeletedEvent(this.id, { deleted: true }, {
        title: s.title,
        description: s.description,
        status: s.status,
        priority: s.priority,
        customerId: s.customerId,
        scheduledStart: iso(s.scheduledStart),
        scheduledEnd: iso(s.scheduledEnd),
        isActive: s.isActive,
        deleted: false,
      } as Record<string, unknown>),
    );
  }

  /** The lifecycle decides first, so an illegal action is a 409 listing the legal ones. */
  private next(action: WorkOrderAction): WorkOrderStatus {
    const to = WORK_ORDER_LIFECYCLE.next(this.state.status, action);
    if (!this.state.isActive) throw new WorkOrderInactiveError();
    return to;
  }

  private move(
    action: WorkOrderAction,
    Event: new (id: string, payload: Status, previous: Status) => DomainEvent<Status>,
  ): void {
    const from = this.state.status;
    const to = this.next(action);
    this.state = { ...this.state, status: to };
    this.record(new Event(this.id, { status: to }, { status: from }));
  }

  private assertOpen(): void {
    if (this.state.status === 'completed' || this.state.status === 'cancelled')
      throw new WorkOrderClosedError(this.state.status);
    if (!this.state.isActive) throw new WorkOrderInactiveError();
  }
}
