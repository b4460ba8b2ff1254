import type { Actor } from '@opsledger/persistence';

export class InvoiceDeleteCommand {
  constructor(
    readonly actor: Actor,
    readonly invoiceId: string,
    readonly expectedVersion?: number,
  ) {}
}
