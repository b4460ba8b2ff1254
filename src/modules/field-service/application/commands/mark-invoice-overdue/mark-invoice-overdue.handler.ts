import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { NotFoundError } from '@opsledger/ddd';
import { Db } from '@opsledger/persistence';
import { InvoiceRepository } from '../../../domain/invoice.repository';
import { MarkInvoiceOverdueCommand } from './mark-invoice-overdue.command';
import { SystemOnlyError } from '../../../domain/field-service.errors';

/**
 * Runs inside the job's claiming transaction, which already holds the invoice's row lock, so
 * the load below never waits and no other worker can be changing the same invoice.
 */
@CommandHandler(MarkInvoiceOverdueCommand)
export class MarkInvoiceOverdueHandler implements ICommandHandler<MarkInvoiceOverdueCommand, void> {
  constructor(
    private readonly db: Db,
    private readonly invoices: InvoiceRepository,
  ) {}

  execute(command: MarkInvoiceOverdueCommand): Promise<void> {
    const { actor } = command;
    if (actor.type !== 'system' || !actor.tenantId) {
      throw new SystemOnlyError('Only the overdue job marks invoices overdue');
    }
    const tenantId = actor.tenantId;
    return this.db.transaction(async () => {
      const invoice = await this.invoices.findById(tenantId, command.invoiceId);
      if (!invoice) throw new NotFoundError('invoice', command.invoiceId);
      invoice.markOverdue(command.today);
      await this.invoices.save(invoice);
    });
  }
}
