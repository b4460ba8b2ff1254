import type { Actor } from '@opsledger/persistence';

export class SetContractActiveCommand {
  constructor(
    readonly actor: Actor,
    readonly contractId: string,
    readonly active: boolean,
    readonly expectedVersion?: number,
  ) {}
}
