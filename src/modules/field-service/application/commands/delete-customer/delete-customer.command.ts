import type { Actor } from '@opsledger/persistence';

export class DeleteCustomerCommand {
  constructor(
    readonly actor: Actor,
    readonly customerId: string,
    readonly expectedVersion?: number,
  ) {}
}
