import type { Actor } from '@opsledger/persistence';
import type { InvoiceLineInput } from '../../../domain/invoice-line-item';

export class CreateInvoiceCommand {
  constructor(
    readonly actor: Actor,
    readonly customerId: string,
    readonly amount: string | undefined,
    readonly tax: string | undefined,
    readonly dueDate: string,
    readonly lineItems: readonly InvoiceLineInput[] | undefined,
  ) {}
}
