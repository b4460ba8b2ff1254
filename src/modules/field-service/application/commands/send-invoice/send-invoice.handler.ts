import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { InvoiceChanges } from '../../invoice-changes';
import { SendInvoiceCommand } from './send-invoice.command';

/** Issues a draft to the customer: from now on it is visible in the customer's portal. */
@CommandHandler(SendInvoiceCommand)
export class SendInvoiceHandler implements ICommandHandler<SendInvoiceCommand, void> {
  constructor(private readonly changes: InvoiceChanges) {}

  execute(command: SendInvoiceCommand): Promise<void> {
    return this.changes.apply(
      command.actor,
      command.invoiceId,
      command.expectedVersion,
      (invoice) => invoice.send(),
    );
  }
}
