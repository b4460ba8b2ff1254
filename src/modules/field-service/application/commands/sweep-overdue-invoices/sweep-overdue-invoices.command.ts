import type { Actor } from '@opsledger/persistence';

/** Runs the overdue job now for the caller's tenant (the scheduler runs it for every tenant). */
export class SweepOverdueInvoicesCommand {
  constructor(readonly actor: Actor) {}
}
