/**
 * The accounts context's published query service for plans: the one file other contexts
 * may import (dependency rule). Inject `PlanLimits`; AccountsModule provides it app-wide.
 *
 *   const limits = await planLimits.forUser(userId);
 *   assertWithinLimit('maxWorkOrdersPerMonth', openedThisMonth, limits.planName);
 */
import { PlanLimitsTable, PlanName } from './domain/plan';

export { PLAN_LIMITS, PLAN_NAMES, assertWithinLimit } from './domain/plan';
export type { PlanLimitsTable, PlanName } from './domain/plan';
export { PlanLimitReachedError } from './domain/accounts.errors';

/** The limits that hold for one user now: those of their effective plan. */
export interface UserPlanLimits extends PlanLimitsTable {
  userId: string;
  /** The plan whose limits apply: `free` without a plan or when the subscription lapsed. */
  planName: PlanName;
}

/**
 * Reads a user's plan limits whatever the caller's row-level scope (a tenant dispatcher or
 * a worker asks about someone else's plan too). Joins the caller's transaction when one is open.
 */
export abstract class PlanLimits {
  abstract forUser(userId: string): Promise<UserPlanLimits>;
}
