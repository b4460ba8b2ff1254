import type { Actor } from '@opsledger/persistence';

/** Issued by the expiry job, one per contract, as the system acting in the contract's tenant. */
export class ExpireContractCommand {
  constructor(
    readonly actor: Actor,
    readonly contractId: string,
    /** The UTC date the job runs for (`YYYY-MM-DD`). */
    readonly today: string,
  ) {}
}
