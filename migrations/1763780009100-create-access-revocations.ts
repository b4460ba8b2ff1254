import { MigrationInterface, QueryRunner } from 'typeorm';
import { APP_ROLE } from './migration-helpers';

/** Sources of "access taken away": the table, the trigger's condition, the row it records. */
const SOURCES: Array<{ table: string; when: string; kind: string; row: string }> = [
  {
    table: 'user_sessions',
    when: 'NEW.revoked_at IS NOT NULL AND OLD.revoked_at IS NULL',
    kind: 'session',
    row: `NEW.id::text, NULL, NULL`,
  },
  {
    table: 'oauth_access_tokens',
    when: 'NEW.revoked_at IS NOT NULL AND OLD.revoked_at IS NULL',
    kind: 'access_token',
    row: `NEW.id::text, NULL, NULL`,
  },
  {
    table: 'users',
    when: 'NEW.is_active IS DISTINCT FROM OLD.is_active',
    kind: 'user',
    row: `NEW.id::text, NULL, CASE WHEN COALESCE(NEW.is_active, true) THEN 'active' ELSE 'inactive' END`,
  },
  {
    table: 'profiles',
    when: 'NEW.role IS DISTINCT FROM OLD.role',
    kind: 'user_role',
    row: `NEW.id::text, NULL, NEW.role::text`,
  },
  {
    table: 'oauth_clients',
    when: 'NEW.is_active IS DISTINCT FROM OLD.is_active AND NEW.client_id IS NOT NULL',
    kind: 'client',
    row: `NEW.client_id, NULL, CASE WHEN COALESCE(NEW.is_active, true) THEN 'active' ELSE 'inactive' END`,
  },
];

/**
 * Access revocations (issue 9): every change that takes access away (a session or access
 * token revoked, a user deactivated or given another platform role, a client deactivated, a
 * tenant membership added, changed or removed) is recorded here by a trigger on the table that
 * changed, and NOTIFYed on `access_revocations` in the same transaction, so every API
 * instance learns it when, and only if, it commits. Rows are pruned once no access token
 * issued before them can still be alive. The table is written only by the triggers
 * (SECURITY DEFINER); the application reads and prunes it.
 */
export class CreateAccessRevocations1763780009100 implements MigrationInterface {
  name = 'CreateAccessRevocations1763780009100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE access_revocations (
      id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      kind        varchar(20) NOT NULL,
      subject     varchar(255) NOT NULL,
      tenant_id   uuid,
      value       varchar(50),
      changed_at  timestamptz NOT NULL DEFAULT clock_timestamp()
    )`);
    await q.query(
      `CREATE INDEX idx_access_revocations_changed_at ON access_revocations (changed_at)`,
    );
    await q.query(`REVOKE ALL ON TABLE access_revocations FROM PUBLIC`);
    await q.query(`GRANT SELECT, DELETE ON TABLE access_revocations TO ${APP_ROLE}`);
    await q.query(`CREATE FUNCTION access_revocation_record(p_kind text, p_subject text, p_tenant uuid, p_value text)
      RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
      DECLARE r access_revocations;
      BEGIN
        INSERT INTO access_revocations (kind, subject, tenant_id, value)
          VALUES (p_kind, p_subject, p_tenant, p_value) RETURNING * INTO r;
        PERFORM pg_notify('access_revocations', json_build_object('id', r.id,
          'kind', r.kind, 'subject', r.subject, 'tenantId', r.tenant_id, 'value', r.value,
          'changedAt', extract(epoch FROM r.changed_at) * 1000)::text);
      END $$`);
    for (const { table, when, kind, row } of SOURCES) {
      await q.query(`CREATE FUNCTION ${table}_access_revoked() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN PERFORM access_revocation_record('${kind}', ${row}); RETURN NULL; END $$`);
      await q.query(`CREATE TRIGGER ${table}_access_revoked AFTER UPDATE ON ${table}
        FOR EACH ROW WHEN (${when}) EXECUTE FUNCTION ${table}_access_revoked()`);
    }
    await q.query(`CREATE FUNCTION user_tenants_access_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' THEN
          PERFORM access_revocation_record('membership', OLD.user_id::text, OLD.tenant_id, NULL);
        ELSIF TG_OP = 'INSERT' OR NEW.role IS DISTINCT FROM OLD.role THEN
          PERFORM access_revocation_record('membership', NEW.user_id::text, NEW.tenant_id, NEW.role);
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`CREATE TRIGGER user_tenants_access_changed AFTER INSERT OR UPDATE OR DELETE ON user_tenants
      FOR EACH ROW EXECUTE FUNCTION user_tenants_access_changed()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER user_tenants_access_changed ON user_tenants`);
    await q.query(`DROP FUNCTION user_tenants_access_changed()`);
    for (const { table } of SOURCES) {
      await q.query(`DROP TRIGGER ${table}_access_revoked ON ${table}`);
      await q.query(`DROP FUNCTION ${table}_access_revoked()`);
    }
    await q.query(`DROP FUNCTION access_revocation_record(text, text, uuid, text)`);
    await q.query(`DROP TABLE access_revocations`);
  }
}
