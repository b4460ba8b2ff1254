import type { Actor } from '@opsledger/persistence';
import { CustomerAction } from '../../../domain/customer-lifecycle';

/** One of the customer's lifecycle actions: suspend, reinstate, deactivate, reactivate. */
export class ChangeCustomerStatusCommand {
  constructor(
    readonly actor: Actor,
    readonly customerId: string,
    readonly action: CustomerAction,
    readonly expectedVersion?: number,
  ) {}
}
