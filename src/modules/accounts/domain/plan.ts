import { PlanLimitReachedError } from './accounts.errors';

/** Subscription plans (spec 002 `user_plans.plan_name`). */
export const PLAN_NAMES = ['free', 'pro', 'enterprise'] as const;
export type PlanName = (typeof PLAN_NAMES)[number];

/**
 * Subscription statuses. Spec 002 leaves `status` free text; these are Stripe's
 * subscription statuses, since `stripe_subscription_id` says where plans come from.
 */
export const PLAN_STATUSES = [
  'active',
  'trialing',
  'past_due',
  'canceled',
  'unpaid',
  'incomplete',
  'incomplete_expired',
  'paused',
] as const;
export type PlanStatus = (typeof PLAN_STATUSES)[number];

/** Statuses under which a paid plan's limits apply; past_due keeps them during dunning. */
const ENTITLED_STATUSES: readonly PlanStatus[] = ['active', 'trialing', 'past_due'];

export interface PlanLimitsTable {
  /** Third-party keys in the vault (one per service on top of this). */
  maxApiKeys: number;
  /** Work orders a user may open per calendar month; null = unlimited. */
  maxWorkOrdersPerMonth: number | null;
  /** AI jobs a user may queue per day; null = unlimited. */
  maxAiJobsPerDay: number | null;
}

export const PLAN_LIMITS: Readonly<Record<PlanName, Readonly<PlanLimitsTable>>> = {
  free: { maxApiKeys: 2, maxWorkOrdersPerMonth: 50, maxAiJobsPerDay: 20 },
  pro: { maxApiKeys: 4, maxWorkOrdersPerMonth: 1000, maxAiJobsPerDay: 500 },
  enterprise: { maxApiKeys: 4, maxWorkOrdersPerMonth: null, maxAiJobsPerDay: null },
};

export const DEFAULT_PLAN: PlanName = 'free';

export function isPlanName(value: unknown): value is PlanName {
  return typeof value === 'string' && (PLAN_NAMES as readonly string[]).includes(value);
}

/**
 * The plan whose limits hold: the stored plan while its subscription is in good standing,
 * `free` otherwise (no plan, canceled, unpaid, …), so a lapsed subscription never keeps paid limits.
 */
export function effectivePlanOf(
  plan: { planName: string | null; status: string | null } | null,
): PlanName {
  if (!plan || !isPlanName(plan.planName)) return DEFAULT_PLAN;
  if (plan.planName === DEFAULT_PLAN) return DEFAULT_PLAN;
  return ENTITLED_STATUSES.includes(plan.status as PlanStatus) ? plan.planName : DEFAULT_PLAN;
}

/** Refuses one more of something when `used` already reached the limit (null = unlimited). */
export function assertWithinLimit(
  limit: keyof PlanLimitsTable,
  used: number,
  planName: PlanName,
): void {
  const max = PLAN_LIMITS[planName][limit];
  if (max !== null && used >= max) throw new PlanLimitReachedError(limit, max, planName);
}
