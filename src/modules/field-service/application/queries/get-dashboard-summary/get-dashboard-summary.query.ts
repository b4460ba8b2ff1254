import type { Actor } from '@opsledger/persistence';

export class GetDashboardSummaryQuery {
  constructor(readonly actor: Actor) {}
}
