import type { Actor } from '@opsledger/persistence';

export class PayInvoiceCommand {
  constructor(
    readonly actor: Actor,
    readonly invoiceId: string,
    readonly expectedVersion?: number,
  ) {}
}
