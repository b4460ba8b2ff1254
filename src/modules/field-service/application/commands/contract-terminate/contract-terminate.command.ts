import type { Actor } from '@opsledger/persistence';

export class ContractTerminateCommand {
  constructor(
    readonly actor: Actor,
    readonly contractId: string,
    readonly expectedVersion?: number,
  ) {}
}
