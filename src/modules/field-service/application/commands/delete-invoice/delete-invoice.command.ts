import type { Actor } from '@opsledger/persistence';

export class DeleteInvoiceCommand {
  constructor(
    readonly actor: Actor,
    readonly invoiceId: string,
    readonly expectedVersion?: number,
  ) {}
}
