import { Page } from '@opsledger/http';
import { CustomerView, CustomerFilter, CustomerListOptions } from './customer.read-model';

/** Read port: customers of one tenant. */
export abstract class CustomerReader {
  abstract getCustomer(tenantId: string, id: string): Promise<CustomerView | null>;
  abstract listCustomers(
    tenantId: string,
    filter: CustomerFilter,
    options: CustomerListOptions,
  ): Promise<Page<CustomerView>>;
}
