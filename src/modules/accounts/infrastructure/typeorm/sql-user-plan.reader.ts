import { Injectable } from '@nestjs/common';
import { Db } from '@opsledger/persistence';
import { StoredPlanView } from '../../application/queries/user-plan.read-model';
import { UserPlanReader } from '../../application/queries/user-plan.reader';
import { DEFAULT_PLAN, isPlanName, PlanStatus } from '../../domain/plan';

interface UserPlanRow {
  id: string;
  user_id: string;
  plan_name: string | null;
  stripe_customer_id: string | null;
  stripe_subscription_id: string | null;
  status: string | null;
  current_period_start: Date | null;
  current_period_end: Date | null;
  created_at: Date;
  updated_at: Date;
  version: number;
}

@Injectable()
export class SqlUserPlanReader extends UserPlanReader {
  constructor(private readonly db: Db) {
    super();
  }

  async findByUserId(userId: string): Promise<StoredPlanView | null> {
    const rows = (await this.db.manager.query(
      `SELECT id, user_id, plan_name, stripe_customer_id, stripe_subscription_id, status, current_period_start,
              current_period_end, created_at, updated_at, version
         FROM user_plans WHERE user_id = $1`,
      [userId],
    )) as UserPlanRow[];
    const r = rows[0];
    if (!r) return null;
    return {
      id: r.id,
      userId: r.user_id,
      planName: isPlanName(r.plan_name) ? r.plan_name : DEFAULT_PLAN,
      status: (r.status ?? 'active') as PlanStatus,
      stripeCustomerId: r.stripe_customer_id,
      stripeSubscriptionId: r.stripe_subscription_id,
      currentPeriodStart: r.current_period_start,
      currentPeriodEnd: r.current_period_end,
      createdAt: r.created_at,
      updatedAt: r.updated_at,
      version: r.version,
    };
  }
}
