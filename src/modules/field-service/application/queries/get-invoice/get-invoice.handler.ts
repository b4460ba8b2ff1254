import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { NotFoundError } from '@opsledger/ddd';
import { Db } from '@opsledger/persistence';
import { billingViewerOf } from '../../billing-access';
import { FieldServiceViewers } from '../../field-service-viewer';
import { InvoiceView } from '../invoice.read-model';
import { InvoiceReader } from '../invoice.reader';
import { GetInvoiceQuery } from './get-invoice.query';

/** Dispatchers read any invoice of the tenant; a customer its own (another's is a 404); technicians none. */
@QueryHandler(GetInvoiceQuery)
export class GetInvoiceHandler implements IQueryHandler<GetInvoiceQuery, InvoiceView> {
  constructor(
    private readonly db: Db,
    private readonly viewers: FieldServiceViewers,
    private readonly reader: InvoiceReader,
  ) {}

  async execute(query: GetInvoiceQuery): Promise<InvoiceView> {
    const viewer = await billingViewerOf(this.viewers, query.actor);
    const scope = {
      tenantId: viewer.tenantId,
      customerId: viewer.kind === 'customer' ? viewer.customerId : null,
    };
    const invoice = await this.db.read(() => this.reader.getInvoice(scope, query.invoiceId));
    if (!invoice) throw new NotFoundError('invoice', query.invoiceId);
    return invoice;
  }
}
