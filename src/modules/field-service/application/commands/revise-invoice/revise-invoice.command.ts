import type { Actor } from '@opsledger/persistence';
import type { InvoiceRevision } from '../../../domain/invoice.aggregate';

export class ReviseInvoiceCommand {
  constructor(
    readonly actor: Actor,
    readonly invoiceId: string,
    readonly changes: InvoiceRevision,
    /** From If-Match: the version the client edited; a mismatch is a 412. */
    readonly expectedVersion?: number,
  ) {}
}
