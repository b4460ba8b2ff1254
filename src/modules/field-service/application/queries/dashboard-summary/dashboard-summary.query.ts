import type { Actor } from '@opsledger/persistence';

export class DashboardSummaryQuery {
  constructor(readonly actor: Actor) {}
}
