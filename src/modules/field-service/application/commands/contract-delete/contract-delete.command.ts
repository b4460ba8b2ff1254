import type { Actor } from '@opsledger/persistence';

export class ContractDeleteCommand {
  constructor(
    readonly actor: Actor,
    readonly contractId: string,
    readonly expectedVersion?: number,
  ) {}
}
