import type { Actor } from '@opsledger/persistence';
import { InvoiceListFilter, InvoiceSort } from '../invoice.read-model';

export class ListInvoicesQuery {
  constructor(
    readonly actor: Actor,
    readonly filter: InvoiceListFilter,
    readonly sort: InvoiceSort,
    readonly limit: number,
    readonly cursor?: string,
  ) {}
}
