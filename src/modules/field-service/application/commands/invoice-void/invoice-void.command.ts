import type { Actor } from '@opsledger/persistence';

export class InvoiceVoidCommand {
  constructor(
    readonly actor: Actor,
    readonly invoiceId: string,
    readonly expectedVersion?: number,
  ) {}
}
