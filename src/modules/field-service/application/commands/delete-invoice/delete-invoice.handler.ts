import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { InvoiceChanges } from '../../invoice-changes';
import { DeleteInvoiceCommand } from './delete-invoice.command';

/** Hard-deletes a draft; the ledger keeps its history, including the number it held. */
@CommandHandler(DeleteInvoiceCommand)
export class DeleteInvoiceHandler implements ICommandHandler<DeleteInvoiceCommand, void> {
  constructor(private readonly changes: InvoiceChanges) {}

  execute(command: DeleteInvoiceCommand): Promise<void> {
    return this.changes.apply(
      command.actor,
      command.invoiceId,
      command.expectedVersion,
      (invoice) => invoice.delete(),
    );
  }
}
