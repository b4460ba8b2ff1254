import type { Actor } from '@opsledger/persistence';

export class GetContractorQuery {
  constructor(
    readonly actor: Actor,
    readonly contractorId: string,
  ) {}
}
