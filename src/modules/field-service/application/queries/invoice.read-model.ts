import type { InvoiceStatus } from '../../domain/invoice.aggregate';
import type { InvoiceLineItem } from '../../domain/invoice-line-item';

export interface InvoiceView {
  id: string;
  invoiceNumber: string;
  customerId: string;
  workOrderId: string | null;
  amount: string;
  tax: string;
  total: string;
  lineItems: InvoiceLineItem[];
  status: InvoiceStatus;
  dueDate: string | null;
  paidAt: Date | null;
  isActive: boolean;
  createdAt: Date;
  updatedAt: Date;
  version: number;
}

export interface InvoiceListFilter {
  status?: InvoiceStatus;
  customerId?: string;
  workOrderId?: string;
  /** Due strictly before / after this date (`YYYY-MM-DD`). */
  dueBefore?: string;
  dueAfter?: string;
  isActive?: boolean;
}

export const INVOICE_SORT_KEYS = ['createdAt', 'dueDate', 'invoiceNumber', 'total'] as const;
export type InvoiceSortKey = (typeof INVOICE_SORT_KEYS)[number];
/** A key sorts ascending, `-key` descending. */
export type InvoiceSort = InvoiceSortKey | `-${InvoiceSortKey}`;
export const INVOICE_SORTS: readonly InvoiceSort[] = INVOICE_SORT_KEYS.flatMap((key) => [
  key,
  `-${key}` as const,
]);

/** What a viewer may see: a customer only its own invoices, and none still in draft. */
export interface InvoiceScope {
  tenantId: string;
  customerId: string | null;
}
