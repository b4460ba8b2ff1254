import { DomainError } from '@opsledger/ddd';

export class InvoiceInactiveError extends DomainError {
  constructor() {
    super('INVOICE.INACTIVE', 'conflict', 'The invoice is deactivated; reactivate it first');
  }
}

export class InvoiceAmountMismatchError extends DomainError {
  constructor(amount: string, linesTotal: string) {
    super(
      'INVOICE.AMOUNT_MISMATCH',
      'validation',
      `amount ${amount} is not the sum of the line items (${linesTotal})`,
      {
        field: 'amount',
      },
    );
  }
}

export class InvoiceAmountRequiredError extends DomainError {
  constructor() {
    super(
      'INVOICE.AMOUNT_REQUIRED',
      'invalid_input',
      'amount is required unless line items give it',
      {
        field: 'amount',
      },
    );
  }
}

export class InvoiceNotYetDueError extends DomainError {
  constructor(dueDate: string | null, asOf: string) {
    super(
      'INVOICE.NOT_YET_DUE',
      'conflict',
      `The invoice is not past its due date (${dueDate ?? 'none'}) on ${asOf}`,
    );
  }
}

export class WorkOrderNotCompletedError extends DomainError {
  constructor(status: string) {
    super(
      'INVOICE.WORK_ORDER_NOT_COMPLETED',
      'conflict',
      `Only a completed work order can be invoiced; this one is ${status}`,
      {
        field: 'workOrderId',
        workOrderStatus: status,
      },
    );
  }
}

export class WorkOrderAlreadyInvoicedError extends DomainError {
  constructor() {
    super(
      'INVOICE.WORK_ORDER_ALREADY_INVOICED',
      'conflict',
      'The work order already has an invoice that is not void',
      {
        field: 'workOrderId',
      },
    );
  }
}
