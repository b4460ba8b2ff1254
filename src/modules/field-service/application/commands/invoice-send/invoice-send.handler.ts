import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { InvoiceChanges } from '../../invoice-changes';
import { InvoiceSendCommand } from './invoice-send.command';

/** Issues a draft to the customer: from now on it is visible in the customer's portal. */
@CommandHandler(InvoiceSendCommand)
export class InvoiceSendHandler implements ICommandHandler<InvoiceSendCommand, void> {
  constructor(private readonly changes: InvoiceChanges) {}

  execute(command: InvoiceSendCommand): Promise<void> {
    return this.changes.apply(
      command.actor,
      command.invoiceId,
      command.expectedVersion,
      (invoice) => invoice.send(),
    );
  }
}
