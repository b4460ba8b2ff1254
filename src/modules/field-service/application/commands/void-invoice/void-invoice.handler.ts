import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { InvoiceChanges } from '../../invoice-changes';
import { VoidInvoiceCommand } from './void-invoice.command';

/** Cancels a draft or sent invoice; a voided work-order invoice frees the work order for a new one. */
@CommandHandler(VoidInvoiceCommand)
export class VoidInvoiceHandler implements ICommandHandler<VoidInvoiceCommand, void> {
  constructor(private readonly changes: InvoiceChanges) {}

  execute(command: VoidInvoiceCommand): Promise<void> {
    return this.changes.apply(
      command.actor,
      command.invoiceId,
      command.expectedVersion,
      (invoice) => invoice.void(),
    );
  }
}
