import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { InvoiceChanges } from '../../invoice-changes';
import { InvoicePayCommand } from './invoice-pay.command';

/** Records payment of a sent or overdue invoice; paidAt is the moment it is recorded. */
@CommandHandler(InvoicePayCommand)
export class InvoicePayHandler implements ICommandHandler<InvoicePayCommand, void> {
  constructor(private readonly changes: InvoiceChanges) {}

  execute(command: InvoicePayCommand): Promise<void> {
    return this.changes.apply(
      command.actor,
      command.invoiceId,
      command.expectedVersion,
      (invoice) => invoice.pay(new Date()),
    );
  }
}
