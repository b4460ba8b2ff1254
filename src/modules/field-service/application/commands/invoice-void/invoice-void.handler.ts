import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { InvoiceChanges } from '../../invoice-changes';
import { InvoiceVoidCommand } from './invoice-void.command';

/** Cancels a draft or sent invoice; a voided work-order invoice frees the work order for a new one. */
@CommandHandler(InvoiceVoidCommand)
export class InvoiceVoidHandler implements ICommandHandler<InvoiceVoidCommand, void> {
  constructor(private readonly changes: InvoiceChanges) {}

  execute(command: InvoiceVoidCommand): Promise<void> {
    return this.changes.apply(
      command.actor,
      command.invoiceId,
      command.expectedVersion,
      (invoice) => invoice.void(),
    );
  }
}
