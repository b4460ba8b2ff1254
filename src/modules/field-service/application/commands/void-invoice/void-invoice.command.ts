import type { Actor } from '@opsledger/persistence';

export class VoidInvoiceCommand {
  constructor(
    readonly actor: Actor,
    readonly invoiceId: string,
    readonly expectedVersion?: number,
  ) {}
}
