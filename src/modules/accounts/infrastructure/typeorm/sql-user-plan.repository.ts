import { Injectable } from '@nestjs/common';
import { AggregateWriter } from '@opsledger/event-store';
import { Db } from '@opsledger/persistence';
import { DEFAULT_PLAN, isPlanName, PlanStatus } from '../../domain/plan';
import { UserPlan } from '../../domain/user-plan.aggregate';
import { UserPlanRepository } from '../../domain/user-plan.repository';

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
  version: number;
}

@Injectable()
export class SqlUserPlanRepository extends UserPlanRepository {
  constructor(
    private readonly db: Db,
    private readonly writer: AggregateWriter,
  ) {
    super();
  }

  async findByUserId(userId: string): Promise<UserPlan | null> {
    const rows = (await this.db.manager.query(
      `SELECT id, user_id, plan_name, stripe_customer_id, stripe_subscription_id, status, current_period_start,
              current_period_end, created_at, version
         FROM user_plans WHERE user_id = $1 FOR UPDATE`,
      [userId],
    )) as UserPlanRow[];
    const row = rows[0];
    if (!row) return null;
    // Spec 002 leaves plan_name and status nullable; a row written outside the API reads as free/active.
    return UserPlan.rehydrate(row.id, row.version, {
      userId: row.user_id,
      planName: isPlanName(row.plan_name) ? row.plan_name : DEFAULT_PLAN,
      status: (row.status ?? 'active') as PlanStatus,
      stripeCustomerId: row.stripe_customer_id,
      stripeSubscriptionId: row.stripe_subscription_id,
      currentPeriodStart: row.current_period_start,
      currentPeriodEnd: row.current_period_end,
      createdAt: row.created_at,
    });
  }

  async save(plan: UserPlan): Promise<void> {
    const s = plan.snapshot;
    await this.writer.save(plan, null, async ({ manager, expectedVersion, nextVersion, isNew }) => {
      if (isNew) {
        await manager.query(
          `INSERT INTO user_plans (id, user_id, plan_name, stripe_customer_id, stripe_subscription_id, status,
             current_period_start, current_period_end, created_at, updated_at, version)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9, $10)`,
          [
            plan.id,
            s.userId,
            s.planName,
            s.stripeCustomerId,
            s.stripeSubscriptionId,
            s.status,
            s.currentPeriodStart,
            s.currentPeriodEnd,
            s.createdAt,
            nextVersion,
          ],
        );
        return true;
      }
      const updated = (await manager.query(
        `UPDATE user_plans SET plan_name = $3, status = $4, current_period_start = $5, current_period_end = $6, version = $7
          WHERE id = $1 AND version = $2 RETURNING id`,
        [
          plan.id,
          expectedVersion,
          s.planName,
          s.status,
          s.currentPeriodStart,
          s.currentPeriodEnd,
          nextVersion,
        ],
      )) as [unknown[], number];
      return updated[1] === 1;
    });
  }
}
