import type { Actor } from '@opsledger/persistence';

export class ActivateContractCommand {
  constructor(
    readonly actor: Actor,
    readonly contractId: string,
    readonly expectedVersion?: number,
  ) {}
}
