import type { Actor } from '@opsledger/persistence';

export class SendInvoiceCommand {
  constructor(
    readonly actor: Actor,
    readonly invoiceId: string,
    readonly expectedVersion?: number,
  ) {}
}
