import { MigrationInterface, QueryRunner } from 'typeorm';
import { grantToApp, touchUpdatedAt } from './migration-helpers';

/**
 * Spec 002 `user_plans`: one plan per user (`idx_user_plans_user_unique`), plan names as the
 * spec lists them, plus `version`. The spec leaves `status` free text; the application keeps
 * it to Stripe's subscription statuses. A period must end after it starts.
 */
export class CreateUserPlans1763780005100 implements MigrationInterface {
  name = 'CreateUserPlans1763780005100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE user_plans (
      id                      uuid PRIMARY KEY,
      user_id                 uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
      plan_name               text CONSTRAINT ck_user_plans_plan_name CHECK (plan_name IN ('free', 'pro', 'enterprise')),
      stripe_customer_id      text,
      stripe_subscription_id  text,
      status                  text,
      current_period_start    timestamptz,
      current_period_end      timestamptz,
      created_at              timestamptz DEFAULT now(),
      updated_at              timestamptz DEFAULT now(),
      version                 integer NOT NULL DEFAULT 0,
      CONSTRAINT ck_user_plans_period CHECK (
        current_period_start IS NULL OR current_period_end IS NULL OR current_period_end > current_period_start)
    )`);
    await q.query(`CREATE UNIQUE INDEX idx_user_plans_user_unique ON user_plans (user_id)`);
    await touchUpdatedAt(q, 'user_plans');
    await grantToApp(q, 'user_plans', 'SELECT, INSERT, UPDATE');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE user_plans`);
  }
}
