import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { InvoiceChanges } from '../../invoice-changes';
import { ReviseInvoiceCommand } from './revise-invoice.command';

/** Amount, tax, due date and lines of a draft; anything sent is fixed. */
@CommandHandler(ReviseInvoiceCommand)
export class ReviseInvoiceHandler implements ICommandHandler<ReviseInvoiceCommand, void> {
  constructor(private readonly changes: InvoiceChanges) {}

  execute(command: ReviseInvoiceCommand): Promise<void> {
    return this.changes.apply(
      command.actor,
      command.invoiceId,
      command.expectedVersion,
      (invoice) => invoice.revise(command.changes),
    );
  }
}
