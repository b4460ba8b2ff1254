import type { Actor } from '@opsledger/persistence';

export class ListContractorAchievementsQuery {
  constructor(
    readonly actor: Actor,
    readonly contractorId: string,
  ) {}
}
