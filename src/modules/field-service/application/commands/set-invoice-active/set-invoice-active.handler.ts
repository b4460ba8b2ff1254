import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { InvoiceChanges } from '../../invoice-changes';
import { SetInvoiceActiveCommand } from './set-invoice-active.command';

/** Archives (is_active = false) or restores an invoice; an archived invoice does not change. */
@CommandHandler(SetInvoiceActiveCommand)
export class SetInvoiceActiveHandler implements ICommandHandler<SetInvoiceActiveCommand, void> {
  constructor(private readonly changes: InvoiceChanges) {}

  execute(command: SetInvoiceActiveCommand): Promise<void> {
    return this.changes.apply(
      command.actor,
      command.invoiceId,
      command.expectedVersion,
      (invoice) => (command.active ? invoice.reactivate() : invoice.deactivate()),
    );
  }
}
