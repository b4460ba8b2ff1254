import { AggregateRoot } from '@opsledger/ddd';
import { InvalidPlanPeriodError } from './accounts.errors';
import {
  UserPlanAssignedEvent,
  UserPlanChangedEvent,
  UserPlanPayload,
} from './events/user-plan.events';
import { PlanName, PlanStatus } from './plan';

export interface UserPlanState {
  userId: string;
  planName: PlanName;
  status: PlanStatus;
  stripeCustomerId: string | null;
  stripeSubscriptionId: string | null;
  currentPeriodStart: Date | null;
  currentPeriodEnd: Date | null;
  createdAt: Date;
}

export interface PlanTerms {
  planName: PlanName;
  status: PlanStatus;
  currentPeriodStart: Date | null;
  currentPeriodEnd: Date | null;
}

/** `undefined` leaves a term as it is; null clears a period bound. */
export type PlanTermChanges = Partial<PlanTerms>;

type TermKey = keyof PlanTerms;
const TERM_KEYS: readonly TermKey[] = [
  'planName',
  'status',
  'currentPeriodStart',
  'currentPeriodEnd',
];

const isoOf = (date: Date | null) => (date ? date.toISOString() : null);

function assertPeriod(start: Date | null, end: Date | null): void {
  if (start && end && end.getTime() <= start.getTime()) throw new InvalidPlanPeriodError();
}

function payloadValue(key: TermKey, terms: PlanTerms): string | null {
  const value = terms[key];
  return value instanceof Date ? value.toISOString() : value;
}

/** A user's subscription plan (spec 002 `user_plans`): one per user, changed by admins only. */
export class UserPlan extends AggregateRoot {
  readonly streamType = 'user-plan';

  private constructor(
    id: string,
    version: number,
    private state: UserPlanState,
  ) {
    super(id, version);
  }

  static assign(props: { id: string; userId: string } & PlanTerms, now = new Date()): UserPlan {
    assertPeriod(props.currentPeriodStart, props.currentPeriodEnd);
    const plan = new UserPlan(props.id, 0, {
      userId: props.userId,
      planName: props.planName,
      status: props.status,
      stripeCustomerId: null,
      stripeSubscriptionId: null,
      currentPeriodStart: props.currentPeriodStart,
      currentPeriodEnd: props.currentPeriodEnd,
      createdAt: now,
    });
    plan.record(
      new UserPlanAssignedEvent(props.id, {
        userId: props.userId,
        planName: props.planName,
        status: props.status,
        currentPeriodStart: isoOf(props.currentPeriodStart),
        currentPeriodEnd: isoOf(props.currentPeriodEnd),
      }),
    );
    return plan;
  }

  static rehydrate(id: string, version: number, state: UserPlanState): UserPlan {
    return new UserPlan(id, version, { ...state });
  }

  get snapshot(): Readonly<UserPlanState> {
    return this.state;
  }

  /** Applies the given terms; the period must still end after it starts once merged. */
  changeTerms(changes: PlanTermChanges): void {
    const current: PlanTerms = {
      planName: this.state.planName,
      status: this.state.status,
      currentPeriodStart: this.state.currentPeriodStart,
      currentPeriodEnd: this.state.currentPeriodEnd,
    };
    const next: PlanTerms = { ...current };
    for (const key of TERM_KEYS) {
      if (changes[key] !== undefined)
        (next as unknown as Record<TermKey, unknown>)[key] = changes[key];
    }
    assertPeriod(next.currentPeriodStart, next.currentPeriodEnd);
    const payload: Partial<UserPlanPayload> = {};
    const previous: Partial<UserPlanPayload> = {};
    for (const key of TERM_KEYS) {
      const before = payloadValue(key, current);
      const after = payloadValue(key, next);
      if (before === after) continue;
      (payload as Record<TermKey, unknown>)[key] = after;
      (previous as Record<TermKey, unknown>)[key] = before;
    }
    if (Object.keys(payload).length === 0) return;
    this.state = { ...this.state, ...next };
    this.record(
      new UserPlanChangedEvent(this.id, { userId: this.state.userId, ...payload }, previous),
    );
  }
}
