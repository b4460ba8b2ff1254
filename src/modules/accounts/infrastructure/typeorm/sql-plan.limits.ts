import { Injectable } from '@nestjs/common';
import { Db } from '@opsledger/persistence';
import { effectivePlanOf, PLAN_LIMITS } from '../../domain/plan';
import { PlanLimits, UserPlanLimits } from '../../plans.public';

/**
 * Reads through `accounts_plan_of(uuid)`, a SQL function that sees every user's plan row
 * (migration 1763780005200), so other contexts get the right limits whoever is calling.
 * It answers the plan name and status only.
 */
@Injectable()
export class SqlPlanLimits extends PlanLimits {
  constructor(private readonly db: Db) {
    super();
  }

  async forUser(userId: string): Promise<UserPlanLimits> {
    const rows = await this.db.read(
      () =>
        this.db.manager.query(`SELECT plan_name, status FROM accounts_plan_of($1)`, [
          userId,
        ]) as Promise<Array<{ plan_name: string | null; status: string | null }>>,
    );
    const row = rows[0];
    const planName = effectivePlanOf(row ? { planName: row.plan_name, status: row.status } : null);
    return { userId, planName, ...PLAN_LIMITS[planName] };
  }
}
