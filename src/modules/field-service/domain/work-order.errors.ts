import { DomainError } from '@opsledger/ddd';

export class InvalidWorkOrderFieldError extends DomainError {
  constructor(field: string, message: string) {
    super('WORK_ORDER.INVALID_FIELD', 'invalid_input', message, { field });
  }
}

/** The schedule is well-formed but impossible: end not after start, or half a schedule. */
export class InvalidWorkOrderScheduleError extends DomainError {
  constructor(field: 'scheduledStart' | 'scheduledEnd', message: string) {
    super('WORK_ORDER.INVALID_SCHEDULE', 'validation', message, { field });
  }
}

export class WorkOrderScheduleRequiredError extends DomainError {
  constructor() {
    super(
      'WORK_ORDER.SCHEDULE_REQUIRED',
      'validation',
      'Assigning a technician needs scheduledStart and scheduledEnd',
      {
        field: 'scheduledStart',
      },
    );
  }
}

export class WorkOrderCustomerUnavailableError extends DomainError {
  constructor() {
    super(
      'WORK_ORDER.CUSTOMER_UNAVAILABLE',
      'validation',
      'customerId names no active customer of this tenant',
      {
        field: 'customerId',
      },
    );
  }
}

export class TechnicianNotAssignableError extends DomainError {
  constructor() {
    super(
      'WORK_ORDER.TECHNICIAN_NOT_ASSIGNABLE',
      'validation',
      'assignedTechnicianId names no active technician of this tenant',
      {
        field: 'assignedTechnicianId',
      },
    );
  }
}

/** The exclusion constraint `ex_work_orders_technician_overlap` refused the booking. */
export class TechnicianDoubleBookedError extends DomainError {
  constructor() {
    super(
      'WORK_ORDER.TECHNICIAN_DOUBLE_BOOKED',
      'conflict',
      'The technician already has an active work order in this time window',
      {
        field: 'assignedTechnicianId',
      },
    );
  }
}

export class WorkOrderClosedError extends DomainError {
  constructor(status: string) {
    super('WORK_ORDER.CLOSED', 'conflict', `A ${status} work order cannot be changed`);
  }
}

export class WorkOrderInactiveError extends DomainError {
  constructor() {
    super('WORK_ORDER.INACTIVE', 'conflict', 'The work order is deactivated; reactivate it first');
  }
}

export class WorkOrderNotDraftError extends DomainError {
  constructor() {
    super(
      'WORK_ORDER.NOT_A_DRAFT',
      'conflict',
      'Only a pending work order that was never assigned can be deleted; cancel or deactivate it instead',
    );
  }
}

export class WorkOrderActionForbiddenError extends DomainError {
  constructor(action: string) {
    super('WORK_ORDER.ACTION_FORBIDDEN', 'forbidden', `You may not ${action} this work order`);
  }
}
