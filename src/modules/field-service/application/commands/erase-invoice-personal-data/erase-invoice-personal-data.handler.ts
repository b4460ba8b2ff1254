import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Db } from '@opsledger/persistence';
import { InvoiceRepository } from '../../../domain/invoice.repository';
import { EraseInvoicePersonalDataCommand } from './erase-invoice-personal-data.command';

/** True when this run changed the invoice; one that names none of them any more is left alone. */
@CommandHandler(EraseInvoicePersonalDataCommand)
export class EraseInvoicePersonalDataHandler implements ICommandHandler<
  EraseInvoicePersonalDataCommand,
  boolean
> {
  constructor(
    private readonly db: Db,
    private readonly invoices: InvoiceRepository,
  ) {}

  execute(command: EraseInvoicePersonalDataCommand): Promise<boolean> {
    return this.db.transaction(async () => {
      const invoice = await this.invoices.findById(command.tenantId, command.invoiceId);
      if (!invoice || !invoice.eraseTechnicianNames(command.technicianIds)) return false;
      await this.invoices.save(invoice);
      return true;
    });
  }
}
