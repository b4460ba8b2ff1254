import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Db } from '@opsledger/persistence';
import { randomUUID } from 'node:crypto';
import { BillingReferenceNotFoundError } from '../../../domain/billing-values';
import { Invoice } from '../../../domain/invoice.aggregate';
import { formatInvoiceNumber } from '../../../domain/invoice-number';
import { InvoiceRepository } from '../../../domain/invoice.repository';
import { BillingSourcesReader } from '../../queries/billing-sources.reader';
import { FieldServiceViewers } from '../../field-service-viewer';
import { CreateInvoiceCommand } from './create-invoice.command';

/** A dispatcher writes an invoice by hand for a customer of the tenant. */
@CommandHandler(CreateInvoiceCommand)
export class CreateInvoiceHandler implements ICommandHandler<CreateInvoiceCommand, { id: string }> {
  constructor(
    private readonly db: Db,
    private readonly viewers: FieldServiceViewers,
    private readonly invoices: InvoiceRepository,
    private readonly sources: BillingSourcesReader,
  ) {}

  async execute(command: CreateInvoiceCommand): Promise<{ id: string }> {
    const { tenantId } = await this.viewers.dispatcher(command.actor);
    return this.db.transaction(async () => {
      if (!(await this.sources.customerExists(tenantId, command.customerId)))
        throw new BillingReferenceNotFoundError('customerId');
      const now = new Date();
      // Drawn as late as possible: the counter row stays locked until commit, and a refusal below
      // rolls the number back with the transaction.
      const sequence = await this.invoices.nextInvoiceNumber(tenantId, now.getUTCFullYear());
      const invoice = Invoice.create(
        {
          id: randomUUID(),
          tenantId,
          invoiceNumber: formatInvoiceNumber(now.getUTCFullYear(), sequence),
          customerId: command.customerId,
          amount: command.amount,
          tax: command.tax,
          dueDate: command.dueDate,
          lineItems: command.lineItems,
        },
        now,
      );
      await this.invoices.save(invoice);
      return { id: invoice.id };
    });
  }
}
