import type { Actor } from '@opsledger/persistence';

export class GetContractorDashboardQuery {
  constructor(readonly actor: Actor) {}
}
