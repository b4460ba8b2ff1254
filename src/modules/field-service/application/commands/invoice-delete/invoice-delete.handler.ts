import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { InvoiceChanges } from '../../invoice-changes';
import { InvoiceDeleteCommand } from './invoice-delete.command';

/** Hard-deletes a draft; the ledger keeps its history, including the number it held. */
@CommandHandler(InvoiceDeleteCommand)
export class InvoiceDeleteHandler implements ICommandHandler<InvoiceDeleteCommand, void> {
  constructor(private readonly changes: InvoiceChanges) {}

  execute(command: InvoiceDeleteCommand): Promise<void> {
    return this.changes.apply(
      command.actor,
      command.invoiceId,
      command.expectedVersion,
      (invoice) => invoice.delete(),
    );
  }
}
