import type { Actor } from '@opsledger/persistence';

export class CreateInvoiceFromWorkOrderCommand {
  constructor(
    readonly actor: Actor,
    readonly workOrderId: string,
    /** A fraction ("0.0825" is 8.25 %). */
    readonly taxRate: string,
    /** Defaults to 30 days after today (UTC). */
    readonly dueDate: string | undefined,
  ) {}
}
