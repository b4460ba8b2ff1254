import type { Actor } from '@opsledger/persistence';

export class DeleteContractCommand {
  constructor(
    readonly actor: Actor,
    readonly contractId: string,
    readonly expectedVersion?: number,
  ) {}
}
