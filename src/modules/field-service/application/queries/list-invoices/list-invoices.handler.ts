import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { Page } from '@opsledger/http';
import { Db } from '@opsledger/persistence';
import { billingViewerOf } from '../../billing-access';
import { FieldServiceViewers } from '../../field-service-viewer';
import { InvoiceView } from '../invoice.read-model';
import { InvoiceReader } from '../invoice.reader';
import { ListInvoicesQuery } from './list-invoices.query';

@QueryHandler(ListInvoicesQuery)
export class ListInvoicesHandler implements IQueryHandler<ListInvoicesQuery, Page<InvoiceView>> {
  constructor(
    private readonly db: Db,
    private readonly viewers: FieldServiceViewers,
    private readonly reader: InvoiceReader,
  ) {}

  async execute(query: ListInvoicesQuery): Promise<Page<InvoiceView>> {
    const viewer = await billingViewerOf(this.viewers, query.actor);
    const scope = {
      tenantId: viewer.tenantId,
      customerId: viewer.kind === 'customer' ? viewer.customerId : null,
    };
    return this.db.read(() =>
      this.reader.listInvoices(scope, query.filter, query.sort, query.limit, query.cursor),
    );
  }
}
