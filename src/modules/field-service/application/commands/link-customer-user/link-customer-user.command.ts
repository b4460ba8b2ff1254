import type { Actor } from '@opsledger/persistence';

export class LinkCustomerUserCommand {
  constructor(
    readonly actor: Actor,
    readonly customerId: string,
    readonly userId: string,
    readonly expectedVersion?: number,
  ) {}
}
