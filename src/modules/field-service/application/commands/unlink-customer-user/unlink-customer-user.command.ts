import type { Actor } from '@opsledger/persistence';

export class UnlinkCustomerUserCommand {
  constructor(
    readonly actor: Actor,
    readonly customerId: string,
    readonly expectedVersion?: number,
  ) {}
}
