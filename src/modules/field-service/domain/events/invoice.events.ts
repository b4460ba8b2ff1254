import { DomainEvent, NO_PERSONAL_DATA, personalData } from '@opsledger/ddd';
import type { InvoiceLineItem } from '../invoice-line-item';

/** Money travels as decimal strings ("120.50") in every payload. */
/*
 * An invoice's lines may name a person (a labour line names its technician), so they are sealed
 * under the invoice's key, which the erasure of a technician named in them shreds; the figures
 * (amount, tax, total) stay readable.
 */

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
  static readonly personalData = personalData<InvoiceCreatedEvent>({ fields: ['lineItems'] });
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
  static readonly personalData = personalData<InvoiceRevisedEvent>({ fields: ['lineItems'] });
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

/**
 * A technician named in the invoice was erased: their labour lines name them no more. Allowed
 * whatever the invoice's status (a paid invoice is kept, anonymised); figures are unchanged.
 */
export class InvoicePersonalDataErasedEvent extends DomainEvent<{ lineItems: InvoiceLineItem[] }> {
  static readonly personalData = personalData<InvoicePersonalDataErasedEvent>({
    fields: ['lineItems'],
  });
  readonly type = 'field-service.invoice.personal-data-erased.v1';
}
