import type { Actor } from '@opsledger/persistence';

export class ContractSetActiveCommand {
  constructor(
    readonly actor: Actor,
    readonly contractId: string,
    readonly active: boolean,
    readonly expectedVersion?: number,
  ) {}
}
