import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { Page } from '@opsledger/http';
import { Db } from '@opsledger/persistence';
import { FieldServiceViewers } from '../../field-service-viewer';
import { CustomerView } from '../customer.read-model';
import { CustomerReader } from '../customer.reader';
import { ListCustomersQuery } from './list-customers.query';

@QueryHandler(ListCustomersQuery)
export class ListCustomersHandler implements IQueryHandler<ListCustomersQuery, Page<CustomerView>> {
  constructor(
    private readonly db: Db,
    private readonly viewers: FieldServiceViewers,
    private readonly reader: CustomerReader,
  ) {}

  async execute(query: ListCustomersQuery): Promise<Page<CustomerView>> {
    const { tenantId } = await this.viewers.dispatcher(query.actor);
    return this.db.read(() => this.reader.listCustomers(tenantId, query.filter, query.options));
  }
}
