import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { InvoiceChanges } from '../../invoice-changes';
import { PayInvoiceCommand } from './pay-invoice.command';

/** Records payment of a sent or overdue invoice; paidAt is the moment it is recorded. */
@CommandHandler(PayInvoiceCommand)
export class PayInvoiceHandler implements ICommandHandler<PayInvoiceCommand, void> {
  constructor(private readonly changes: InvoiceChanges) {}

  execute(command: PayInvoiceCommand): Promise<void> {
    return this.changes.apply(
      command.actor,
      command.invoiceId,
      command.expectedVersion,
      (invoice) => invoice.pay(new Date()),
    );
  }
}
