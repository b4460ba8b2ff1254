import type { Actor } from '@opsledger/persistence';

/** A reviewer's manual verification: confirmed, or failed with a reason. */
export class VerifyInsurancePolicyCommand {
  constructor(
    readonly actor: Actor,
    readonly policyId: string,
    readonly outcome: { verified: true } | { verified: false; reason: string },
    readonly ifMatch?: number,
  ) {}
}
