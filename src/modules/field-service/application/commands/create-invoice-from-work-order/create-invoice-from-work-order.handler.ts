import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Db } from '@opsledger/persistence';
import { randomUUID } from 'node:crypto';
import { addDays, BillingReferenceNotFoundError, utcDate } from '../../../domain/billing-values';
import { Invoice } from '../../../domain/invoice.aggregate';
import { WorkOrderAlreadyInvoicedError } from '../../../domain/invoice.errors';
import { formatInvoiceNumber } from '../../../domain/invoice-number';
import { InvoiceRepository } from '../../../domain/invoice.repository';
import { BillingSourcesReader } from '../../queries/billing-sources.reader';
import { FieldServiceViewers } from '../../field-service-viewer';
import { CreateInvoiceFromWorkOrderCommand } from './create-invoice-from-work-order.command';

/** Net 30 unless the request says otherwise. */
export const DEFAULT_PAYMENT_TERM_DAYS = 30;

/**
 * Bills a completed work order. A second invoice for the same work order is refused unless
 * the first was voided; the partial unique index `uq_invoices_work_order` settles a race.
 */
@CommandHandler(CreateInvoiceFromWorkOrderCommand)
export class CreateInvoiceFromWorkOrderHandler implements ICommandHandler<
  CreateInvoiceFromWorkOrderCommand,
  { id: string }
> {
  constructor(
    private readonly db: Db,
    private readonly viewers: FieldServiceViewers,
    private readonly invoices: InvoiceRepository,
    private readonly sources: BillingSourcesReader,
  ) {}

  async execute(command: CreateInvoiceFromWorkOrderCommand): Promise<{ id: string }> {
    const { tenantId } = await this.viewers.dispatcher(command.actor);
    return this.db.transaction(async () => {
      const workOrder = await this.sources.billableWorkOrder(tenantId, command.workOrderId);
      if (!workOrder) throw new BillingReferenceNotFoundError('workOrderId');
      if (await this.invoices.isWorkOrderInvoiced(tenantId, workOrder.id))
        throw new WorkOrderAlreadyInvoicedError();
      const now = new Date();
      const sequence = await this.invoices.nextInvoiceNumber(tenantId, now.getUTCFullYear());
      const invoice = Invoice.fromWorkOrder(
        {
          id: randomUUID(),
          tenantId,
          invoiceNumber: formatInvoiceNumber(now.getUTCFullYear(), sequence),
          workOrder,
          taxRate: command.taxRate,
          dueDate: command.dueDate ?? addDays(utcDate(now), DEFAULT_PAYMENT_TERM_DAYS),
        },
        now,
      );
      await this.invoices.save(invoice);
      return { id: invoice.id };
    });
  }
}
