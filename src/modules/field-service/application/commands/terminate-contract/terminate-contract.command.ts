import type { Actor } from '@opsledger/persistence';

export class TerminateContractCommand {
  constructor(
    readonly actor: Actor,
    readonly contractId: string,
    readonly expectedVersion?: number,
  ) {}
}
