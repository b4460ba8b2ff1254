import type { Actor } from '@opsledger/persistence';

export class InvoiceSendCommand {
  constructor(
    readonly actor: Actor,
    readonly invoiceId: string,
    readonly expectedVersion?: number,
  ) {}
}
