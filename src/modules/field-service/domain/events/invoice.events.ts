import { DomainEvent, NO_PERSONAL_DATA } from '@opsledger/ddd';
import type { InvoiceLineItem } from '../invoice-line-item';

/** Money travels as decimal strings ("120.50") in every payload. */
export class InvoiceCreatedEvent extends DomainEvent<{
  tenantId: string;
  invoiceNumber: string;
  customerId: string;
  workOrderId: string | null;
  amount: string;
  tax: string;
  total: string;
  lineItems: InvoiceLineItem[];
  status: 'draft';
  dueDate: string | null;
  isActive: true;
}> {
  static readonly personalData = NO_PERSONAL_DATA;
  readonly type = 'field-service.invoice.created.v1';
}

/** A draft's figures changed; carries only the fields that changed, `previous` their old values. */
export class InvoiceRevisedEvent extends DomainEvent<{
  amount?: string;
  tax?: string;
  total?: string;
  dueDate?: string | null;
  lineItems?: InvoiceLineItem[];
}> {
  static readonly personalData = NO_PERSONAL_DATA;
  readonly type = 'field-service.invoice.revised.v1';
}

export class InvoiceSentEvent extends DomainEvent<{ status: 'sent' }> {
  static readonly personalData = NO_PERSONAL_DATA;
  readonly type = 'field-service.invoice.sent.v1';
}

export class InvoicePaidEvent extends DomainEvent<{ status: 'paid'; paidAt: string }> {
  static readonly personalData = NO_PERSONAL_DATA;
  readonly type = 'field-service.invoice.paid.v1';
}

export class InvoiceMarkedOverdueEvent extends DomainEvent<{
  status: 'overdue';
  dueDate: string;
  asOf: string;
}> {
  static readonly personalData = NO_PERSONAL_DATA;
  readonly type = 'field-service.invoice.marked-overdue.v1';
}

export class InvoiceVoidedEvent extends DomainEvent<{ status: 'void' }> {
  static readonly personalData = NO_PERSONAL_DATA;
  readonly type = 'field-service.invoice.voided.v1';
}

export class InvoiceDeactivatedEvent extends DomainEvent<{ isActive: false }> {
  static readonly personalData = NO_PERSONAL_DATA;
  readonly type = 'field-service.invoice.deactivated.v1';
}

export class InvoiceReactivatedEvent extends DomainEvent<{ isActive: true }> {
  static readonly personalData = NO_PERSONAL_DATA;
  readonly type = 'field-service.invoice.reactivated.v1';
}

/** A draft was removed for good; its number stays accounted for in the ledger. */
export class InvoiceDeletedEvent extends DomainEvent<{ invoiceNumber: string; deleted: true }> {
  static readonly personalData = NO_PERSONAL_DATA;
  readonly type = 'field-service.invoice.deleted.v1';
}
