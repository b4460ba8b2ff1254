import type { Actor } from '@opsledger/persistence';

export class SetInvoiceActiveCommand {
  constructor(
    readonly actor: Actor,
    readonly invoiceId: string,
    readonly active: boolean,
    readonly expectedVersion?: number,
  ) {}
}
