import type { Actor } from '@opsledger/persistence';

/** Runs the expiry job now for the caller's tenant (the scheduler runs it for every tenant). */
export class SweepExpiredContractsCommand {
  constructor(readonly actor: Actor) {}
}
