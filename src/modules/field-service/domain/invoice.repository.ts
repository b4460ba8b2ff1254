import { Invoice } from './invoice.aggregate';

/** Port: loads and saves Invoice aggregates (state row + ledger events in one transaction). */
export abstract class InvoiceRepository {
  /** Loads and locks the invoice for the rest of the transaction. */
  abstract findById(tenantId: string, id: string): Promise<Invoice | null>;
  /**
   * Draws the tenant's next sequence number for the year. The counter row stays locked until
   * the calling transaction ends, so numbers are consecutive and a rollback returns its number.
   */
  abstract nextInvoiceNumber(tenantId: string, year: number): Promise<number>;
  /** Whether the work order already has an invoice that is not void. */
  abstract isWorkOrderInvoiced(tenantId: string, workOrderId: string): Promise<boolean>;
  abstract save(invoice: Invoice): Promise<void>;
}
