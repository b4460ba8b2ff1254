import type { Actor } from '@opsledger/persistence';

export class ContractGetQuery {
  constructor(
    readonly actor: Actor,
    readonly contractId: string,
  ) {}
}
