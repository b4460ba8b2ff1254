import type { Actor } from '@opsledger/persistence';

export class GetInvoiceQuery {
  constructor(
    readonly actor: Actor,
    readonly invoiceId: string,
  ) {}
}
