import { MigrationInterface, QueryRunner } from 'typeorm';
import { APP_ROLE } from './migration-helpers';

/**
 * Readers of the per-transaction settings the application sets (`Db.applyScope`), named as
 * spec 001's policy example names them. Settings read back as '' once set: hence NULLIF.
 */
export class CreateRlsFunctions1763780001000 implements MigrationInterface {
  name = 'CreateRlsFunctions1763780001000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE FUNCTION current_user_id() RETURNS uuid LANGUAGE sql STABLE AS
      $$ SELECT NULLIF(current_setting('app.user_id', true), '')::uuid $$`);
    await q.query(`CREATE FUNCTION current_tenant_id() RETURNS uuid LANGUAGE sql STABLE AS
      $$ SELECT NULLIF(current_setting('app.tenant_id', true), '')::uuid $$`);
    await q.query(`CREATE FUNCTION app_is_privileged() RETURNS boolean LANGUAGE sql STABLE AS
      $$ SELECT current_setting('app.scope', true) = 'system' OR current_setting('app.role', true) = 'admin' $$`);
    for (const fn of ['current_user_id()', 'current_tenant_id()', 'app_is_privileged()']) {
      await q.query(`GRANT EXECUTE ON FUNCTION ${fn} TO ${APP_ROLE}`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION app_is_privileged()`);
    await q.query(`DROP FUNCTION current_tenant_id()`);
    await q.query(`DROP FUNCTION current_user_id()`);
  }
}
