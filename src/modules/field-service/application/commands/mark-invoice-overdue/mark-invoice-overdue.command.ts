import type { Actor } from '@opsledger/persistence';

/** Issued by the overdue job, one per invoice, as the system acting in the invoice's tenant. */
export class MarkInvoiceOverdueCommand {
  constructor(
    readonly actor: Actor,
    readonly invoiceId: string,
    /** The UTC date the job runs for (`YYYY-MM-DD`). */
    readonly today: string,
  ) {}
}
