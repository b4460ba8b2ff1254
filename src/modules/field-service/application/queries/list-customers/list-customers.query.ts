import type { Actor } from '@opsledger/persistence';
import { CustomerFilter, CustomerListOptions } from '../customer.read-model';

export class ListCustomersQuery {
  constructor(
    readonly actor: Actor,
    readonly filter: CustomerFilter,
    readonly options: CustomerListOptions,
  ) {}
}
