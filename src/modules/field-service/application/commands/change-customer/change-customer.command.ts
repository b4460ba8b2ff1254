import type { Actor } from '@opsledger/persistence';
import { CustomerDetailChanges } from '../../../domain/customer.aggregate';

export class ChangeCustomerCommand {
  constructor(
    readonly actor: Actor,
    readonly customerId: string,
    /** undefined leaves a field; null clears an optional one. */
    readonly changes: CustomerDetailChanges,
    readonly expectedVersion?: number,
  ) {}
}
