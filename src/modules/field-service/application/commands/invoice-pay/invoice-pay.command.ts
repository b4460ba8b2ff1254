import type { Actor } from '@opsledger/persistence';

export class InvoicePayCommand {
  constructor(
    readonly actor: Actor,
    readonly invoiceId: string,
    readonly expectedVersion?: number,
  ) {}
}
