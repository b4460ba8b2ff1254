import type { Actor } from '@opsledger/persistence';

export class ContractActivateCommand {
  constructor(
    readonly actor: Actor,
    readonly contractId: string,
    readonly expectedVersion?: number,
  ) {}
}
