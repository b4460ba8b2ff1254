import type { Actor } from '@opsledger/persistence';

export class GetContractQuery {
  constructor(
    readonly actor: Actor,
    readonly contractId: string,
  ) {}
}
