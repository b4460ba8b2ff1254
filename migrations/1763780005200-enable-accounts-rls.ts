import { MigrationInterface, QueryRunner } from 'typeorm';
import { APP_ROLE, disableRls } from './migration-helpers';

const OWN_OR_SYSTEM = `current_setting('app.scope', true) = 'system' OR user_id = current_user_id()`;

/**
 * Spec 002's row-level rules, forced for the owner too:
 * - api_keys: users view, insert, update and delete their own keys; admins view all of them,
 *   read-only (the admin role is deliberately absent from the write policies).
 * - user_plans: users view their own plan; only admins (or system scope) modify plans.
 *
 * `accounts_plan_of(uuid)` answers one user's plan name and status whoever calls it: other
 * contexts need a user's plan limits while acting as someone else (a dispatcher, a worker).
 * It runs with `app.scope` set to system for its own duration only and returns nothing else.
 */
export class EnableAccountsRls1763780005200 implements MigrationInterface {
  name = 'EnableAccountsRls1763780005200';

  async up(q: QueryRunner): Promise<void> {
    for (const table of ['api_keys', 'user_plans']) {
      await q.query(`ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY`);
      await q.query(`ALTER TABLE ${table} FORCE ROW LEVEL SECURITY`);
      await q.query(
        `CREATE POLICY ${table}_visible ON ${table} FOR SELECT USING (app_is_privileged() OR user_id = current_user_id())`,
      );
    }
    await q.query(
      `CREATE POLICY api_keys_insert ON api_keys FOR INSERT WITH CHECK (${OWN_OR_SYSTEM})`,
    );
    await q.query(
      `CREATE POLICY api_keys_update ON api_keys FOR UPDATE USING (${OWN_OR_SYSTEM}) WITH CHECK (${OWN_OR_SYSTEM})`,
    );
    await q.query(`CREATE POLICY api_keys_delete ON api_keys FOR DELETE USING (${OWN_OR_SYSTEM})`);
    await q.query(
      `CREATE POLICY user_plans_insert ON user_plans FOR INSERT WITH CHECK (app_is_privileged())`,
    );
    await q.query(
      `CREATE POLICY user_plans_update ON user_plans FOR UPDATE USING (app_is_privileged()) WITH CHECK (app_is_privileged())`,
    );

    await q.query(`CREATE FUNCTION accounts_plan_of(p_user_id uuid) RETURNS TABLE (plan_name text, status text)
      LANGUAGE sql STABLE SET app.scope = 'system'
      AS $$ SELECT up.plan_name, up.status FROM user_plans up WHERE up.user_id = p_user_id $$`);
    await q.query(`REVOKE ALL ON FUNCTION accounts_plan_of(uuid) FROM PUBLIC`);
    await q.query(`GRANT EXECUTE ON FUNCTION accounts_plan_of(uuid) TO ${APP_ROLE}`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION accounts_plan_of(uuid)`);
    await disableRls(q, 'user_plans', [
      'user_plans_visible',
      'user_plans_insert',
      'user_plans_update',
    ]);
    await disableRls(q, 'api_keys', [
      'api_keys_visible',
      'api_keys_insert',
      'api_keys_update',
      'api_keys_delete',
    ]);
  }
}
