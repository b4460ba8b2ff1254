import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { InvoiceChanges } from '../../invoice-changes';
import { InvoiceSetActiveCommand } from './invoice-set-active.command';

/** Archives (is_active = false) or restores an invoice; an archived invoice does not change. */
@CommandHandler(InvoiceSetActiveCommand)
export class InvoiceSetActiveHandler implements ICommandHandler<InvoiceSetActiveCommand, void> {
  constructor(private readonly changes: InvoiceChanges) {}

  execute(command: InvoiceSetActiveCommand): Promise<void> {
    return this.changes.apply(
      command.actor,
      command.invoiceId,
      command.expectedVersion,
      (invoice) => (command.active ? invoice.reactivate() : invoice.deactivate()),
    );
  }
}
