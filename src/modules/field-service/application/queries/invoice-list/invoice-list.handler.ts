import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { Page } from '@opsledger/http';
import { Db } from '@opsledger/persistence';
import { billingViewerOf } from '../../billing-access';
import { FieldServiceViewers } from '../../field-service-viewer';
import { InvoiceReader, InvoiceView } from '../invoice.read-model';
import { InvoiceListQuery } from './invoice-list.query';

@QueryHandler(InvoiceListQuery)
export class InvoiceListHandler implements IQueryHandler<InvoiceListQuery, Page<InvoiceView>> {
  constructor(
    private readonly db: Db,
    private readonly viewers: FieldServiceViewers,
    private readonly reader: InvoiceReader,
  ) {}

  async execute(query: InvoiceListQuery): Promise<Page<InvoiceView>> {
    const viewer = await billingViewerOf(this.viewers, query.actor);
    const scope = {
      tenantId: viewer.tenantId,
      customerId: viewer.kind === 'customer' ? viewer.customerId : null,
    };
    return this.db.transaction(() =>
      this.reader.listInvoices(scope, query.filter, query.sort, query.limit, query.cursor),
    );
  }
}
