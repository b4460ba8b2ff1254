import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { NotFoundError } from '@opsledger/ddd';
import { Db } from '@opsledger/persistence';
import { canSeeCustomer } from '../../customer-access';
import { FieldServiceViewers } from '../../field-service-viewer';
import { CustomerView } from '../customer.read-model';
import { CustomerReader } from '../customer.reader';
import { GetCustomerQuery } from './get-customer.query';

/** Dispatchers read any customer of the tenant, a customer's user its own; anything else is a 404. */
@QueryHandler(GetCustomerQuery)
export class GetCustomerHandler implements IQueryHandler<GetCustomerQuery, CustomerView> {
  constructor(
    private readonly db: Db,
    private readonly viewers: FieldServiceViewers,
    private readonly reader: CustomerReader,
  ) {}

  async execute(query: GetCustomerQuery): Promise<CustomerView> {
    const viewer = await this.viewers.resolve(query.actor);
    if (!canSeeCustomer(viewer, query.customerId))
      throw new NotFoundError('customer', query.customerId);
    const customer = await this.db.read(() =>
      this.reader.getCustomer(viewer.tenantId, query.customerId),
    );
    if (!customer) throw new NotFoundError('customer', query.customerId);
    return customer;
  }
}
