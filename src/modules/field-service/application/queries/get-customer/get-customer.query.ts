import type { Actor } from '@opsledger/persistence';

export class GetCustomerQuery {
  constructor(
    readonly actor: Actor,
    readonly customerId: string,
  ) {}
}
