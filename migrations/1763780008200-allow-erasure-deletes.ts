import { MigrationInterface, QueryRunner } from 'typeorm';
import { APP_ROLE } from './migration-helpers';

/** Tables nothing deleted from before erasure: each with the delete policy it had, if any. */
const TABLES: Array<[table: string, previousPolicy: string | null]> = [
  ['users', `app_is_privileged() OR id = current_user_id()`],
  ['profiles', `app_is_privileged() OR id = current_user_id()`],
  ['user_sessions', `app_is_privileged() OR user_id = current_user_id()`],
  ['refresh_tokens', `app_is_privileged() OR user_id = current_user_id()`],
  ['user_action_tokens', `current_setting('app.scope', true) = 'system'`],
  ['oauth_sessions', `app_is_privileged()`],
  ['oauth_consents', `app_is_privileged() OR user_id = current_user_id()`],
  ['oauth_authorization_codes', `app_is_privileged()`],
  ['oauth_token_families', `app_is_privileged() OR user_id = current_user_id()`],
  ['oauth_access_tokens', `app_is_privileged() OR user_id = current_user_id()`],
  ['oauth_refresh_tokens', `app_is_privileged() OR user_id = current_user_id()`],
  ['user_plans', null],
];

/**
 * Erasure deletes a person's accounts, sessions, tokens, consents and plan, which the
 * application role could not delete until now. It may from now on, but only in the system
 * scope the erasure job runs in: each table's delete policy is replaced by one that admits
 * nothing else (no request, not even an admin's, deletes these rows).
 */
export class AllowErasureDeletes1763780008200 implements MigrationInterface {
  name = 'AllowErasureDeletes1763780008200';

  async up(q: QueryRunner): Promise<void> {
    for (const [table, previous] of TABLES) {
      if (previous) await q.query(`DROP POLICY ${table}_delete ON ${table}`);
      await q.query(`CREATE POLICY ${table}_erase ON ${table} FOR DELETE
        USING (current_setting('app.scope', true) = 'system')`);
      await q.query(`GRANT DELETE ON TABLE ${table} TO ${APP_ROLE}`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const [table, previous] of TABLES) {
      await q.query(`REVOKE DELETE ON TABLE ${table} FROM ${APP_ROLE}`);
      await q.query(`DROP POLICY ${table}_erase ON ${table}`);
      if (previous)
        await q.query(`CREATE POLICY ${table}_delete ON ${table} FOR DELETE USING (${previous})`);
    }
  }
}
