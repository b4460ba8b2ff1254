import type { Actor } from '@opsledger/persistence';

export class InvoiceGetQuery {
  constructor(
    readonly actor: Actor,
    readonly invoiceId: string,
  ) {}
}
