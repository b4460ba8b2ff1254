import type { BillableWorkOrder } from '../../domain/invoice-line-item';

/**
 * Read port onto the customers and work-order tables, which another part of the context owns:
 * billing reads them as the schema defines them and never loads their aggregates.
 */
export abstract class BillingSourcesReader {
  abstract customerExists(tenantId: string, customerId: string): Promise<boolean>;
  /** The work order with its technician's rate and its consumed parts; locks it against changes until commit. */
  abstract billableWorkOrder(
    tenantId: string,
    workOrderId: string,
  ): Promise<BillableWorkOrder | null>;
}
