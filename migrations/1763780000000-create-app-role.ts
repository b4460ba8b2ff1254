import { MigrationInterface, QueryRunner } from 'typeorm';
import { APP_ROLE } from './migration-helpers';

/** Run-time role (no login of its own; the connection switches to it) and shared functions. */
export class CreateAppRole1763780000000 implements MigrationInterface {
  name = 'CreateAppRole1763780000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DO $$ BEGIN
      IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${APP_ROLE}') THEN
        CREATE ROLE ${APP_ROLE} NOLOGIN NOSUPERUSER NOBYPASSRLS;
      END IF;
    END $$`);
    await q.query(`GRANT ${APP_ROLE} TO CURRENT_USER`);
    await q.query(`GRANT USAGE ON SCHEMA public TO ${APP_ROLE}`);
    await q.query(`CREATE EXTENSION IF NOT EXISTS btree_gist`);
    await q.query(`CREATE OR REPLACE FUNCTION opsledger_touch_updated_at() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN NEW.updated_at := now(); RETURN NEW; END $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION IF EXISTS opsledger_touch_updated_at()`);
    await q.query(`REVOKE USAGE ON SCHEMA public FROM ${APP_ROLE}`);
  }
}
