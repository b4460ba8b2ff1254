import { Page } from '@opsledger/http';
import { InvoiceView, InvoiceListFilter, InvoiceSort, InvoiceScope } from './invoice.read-model';

/** Read port: invoices as read models; never aggregates. */
export abstract class InvoiceReader {
  abstract getInvoice(scope: InvoiceScope, id: string): Promise<InvoiceView | null>;
  abstract listInvoices(
    scope: InvoiceScope,
    filter: InvoiceListFilter,
    sort: InvoiceSort,
    limit: number,
    cursor: string | undefined,
  ): Promise<Page<InvoiceView>>;
}
