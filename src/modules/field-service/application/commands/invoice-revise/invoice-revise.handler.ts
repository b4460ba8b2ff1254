import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { InvoiceChanges } from '../../invoice-changes';
import { InvoiceReviseCommand } from './invoice-revise.command';

/** Amount, tax, due date and lines of a draft; anything sent is fixed. */
@CommandHandler(InvoiceReviseCommand)
export class InvoiceReviseHandler implements ICommandHandler<InvoiceReviseCommand, void> {
  constructor(private readonly changes: InvoiceChanges) {}

  execute(command: InvoiceReviseCommand): Promise<void> {
    return this.changes.apply(
      command.actor,
      command.invoiceId,
      command.expectedVersion,
      (invoice) => invoice.revise(command.changes),
    );
  }
}
