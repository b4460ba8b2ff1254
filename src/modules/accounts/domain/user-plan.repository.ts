import { UserPlan } from './user-plan.aggregate';

/** Port: loads and saves UserPlan aggregates (state row + ledger events in one transaction). */
export abstract class UserPlanRepository {
  /** The user's plan, locked for the rest of the transaction. */
  abstract findByUserId(userId: string): Promise<UserPlan | null>;
  abstract save(plan: UserPlan): Promise<void>;
}
