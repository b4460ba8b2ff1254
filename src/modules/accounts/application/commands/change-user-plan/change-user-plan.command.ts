import type { Actor } from '@opsledger/persistence';
import { PlanTermChanges } from '../../../domain/user-plan.aggregate';
import { PlanName } from '../../../domain/plan';

export class ChangeUserPlanCommand {
  constructor(
    readonly actor: Actor,
    readonly userId: string,
    readonly changes: PlanTermChanges & { planName: PlanName },
    /** From If-Match ("v0" for a user still on the implicit free plan). */
    readonly expectedVersion?: number,
  ) {}
}
