import { DomainError } from '@opsledger/ddd';

export class NoFieldServiceAccessError extends DomainError {
  constructor() {
    super(
      'FIELD_SERVICE.NO_ACCESS',
      'forbidden',
      'You are neither a dispatcher nor a customer or technician of this tenant',
    );
  }
}

export class DispatcherRequiredError extends DomainError {
  constructor() {
    super('FIELD_SERVICE.DISPATCHER_REQUIRED', 'forbidden', 'Only dispatchers can do this');
  }
}

export class BillingHiddenFromTechniciansError extends DomainError {
  constructor() {
    super(
      'FIELD_SERVICE.BILLING_FORBIDDEN',
      'forbidden',
      'Technicians do not see invoices or contracts',
    );
  }
}

export class WorkOrderPartsForbiddenError extends DomainError {
  constructor() {
    super(
      'FIELD_SERVICE.WORK_ORDER_PARTS_FORBIDDEN',
      'forbidden',
      'Only dispatchers and the technician assigned to the work order handle its parts',
    );
  }
}

/** Jobs' commands: the system acting inside one tenant, never a person. */
export class SystemOnlyError extends DomainError {
  constructor(message: string) {
    super('FIELD_SERVICE.SYSTEM_ONLY', 'forbidden', message);
  }
}
