import type { Actor } from '@opsledger/persistence';

/** A reviewer verifies a contractor in review. */
export class ApproveContractorCommand {
  constructor(
    readonly actor: Actor,
    readonly contractorId: string,
    readonly ifMatch?: number,
  ) {}
}
