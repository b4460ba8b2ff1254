import type { Actor } from '@opsledger/persistence';

export class InvoiceSetActiveCommand {
  constructor(
    readonly actor: Actor,
    readonly invoiceId: string,
    readonly active: boolean,
    readonly expectedVersion?: number,
  ) {}
}
