import { createTestDatabase, superuserClient, TestDatabase } from '@opsledger/testing';
import { randomBytes, randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { APP_DB_ROLE } from './persistence.module';
import { ensureServiceLogin, loginPrivileges } from './service-login';

/**
 * The service's login owns nothing and cannot become a role that does: SQL that reaches its
 * connections (`RESET ROLE`, `SET ROLE <owner>`) gains no owner rights, and row-level
 * security still binds it (issue 10).
 */
describe('the service login (real PostgreSQL)', () => {
  let db: TestDatabase;
  let login: string;
  let serviceUrl: string;
  let owner: string;
  const tenant = randomUUID();

  beforeAll(async () => {
    db = await createTestDatabase();
    login = `opsledger_service_${randomBytes(4).toString('hex')}`;
    serviceUrl = await ensureServiceLogin(db.url, randomBytes(18).toString('hex'), login);
    const su = await superuserClient(db.url);
    owner = (
      await su.query<{ o: string }>(
        `SELECT tableowner AS o FROM pg_tables WHERE schemaname = 'public' AND tablename = 'event_store'`,
      )
    ).rows[0].o;
    await su.query(`INSERT INTO tenants (id, name, slug) VALUES ($1, 'T', $2)`, [tenant, tenant]);
    await su.query(
      `INSERT INTO organizations (id, tenant_id, name, slug) VALUES ($1, $2, 'Org', 'org')`,
      [randomUUID(), tenant],
    );
    await su.end();
  });
  afterAll(async () => {
    await db.drop();
    const su = await superuserClient(db.url.replace(/\/[^/]*$/, '/opsledger_test_template'));
    await su.query(`DROP ROLE IF EXISTS ${login}`).catch(() => undefined);
    await su.end();
  });

  const connect = async (options?: string) => {
    const c = new Client({ connectionString: serviceUrl, ...(options ? { options } : {}) });
    await c.connect();
    return c;
  };
  const codeOf = (promise: Promise<unknown>) =>
    promise.then(
      () => 'ok',
      (e: { code?: string }) => e.code,
    );

  it('runs as the application role, and RESET ROLE / SET ROLE NONE reach no more than it', async () => {
    const c = await connect(`-c role=${APP_DB_ROLE}`);
    try {
      expect((await c.query('SELECT current_user AS u')).rows[0].u).toBe(APP_DB_ROLE);
      // The startup option makes the app role the session's default: RESET ROLE keeps it;
      // SET ROLE NONE drops to the login itself, which holds nothing.
      await c.query('RESET ROLE');
      expect((await c.query('SELECT current_user AS u')).rows[0].u).toBe(APP_DB_ROLE);
      await c.query('SET ROLE NONE');
      expect((await c.query('SELECT current_user AS u')).rows[0].u).toBe(login);
      expect(await codeOf(c.query('SELECT count(*) FROM users'))).toBe('42501');
      expect(await codeOf(c.query('SELECT count(*) FROM event_store'))).toBe('42501');
    } finally {
      await c.end();
    }
  });

  it('cannot SET ROLE to the owner, nor write to the ledger as anything but the app role', async () => {
    const c = await connect(`-c role=${APP_DB_ROLE}`);
    try {
      expect(await codeOf(c.query(`SET ROLE ${owner}`))).toBe('42501');
      expect(await codeOf(c.query(`SET ROLE postgres`))).toBe('42501');
      expect(await codeOf(c.query(`SET SESSION AUTHORIZATION ${owner}`))).toBe('42501');
      expect(await codeOf(c.query(`ALTER TABLE event_store DISABLE TRIGGER ALL`))).toBe('42501');
      expect(await codeOf(c.query(`ALTER TABLE organizations NO FORCE ROW LEVEL SECURITY`))).toBe(
        '42501',
      );
    } finally {
      await c.end();
    }
  });

  it('is bound by row-level security', async () => {
    const c = await connect(`-c role=${APP_DB_ROLE}`);
    try {
      expect((await c.query('SELECT count(*)::int AS n FROM organizations')).rows[0].n).toBe(0);
      await c.query('BEGIN');
      await c.query(`SELECT set_config('app.tenant_id', $1, true)`, [tenant]);
      expect((await c.query('SELECT count(*)::int AS n FROM organizations')).rows[0].n).toBe(1);
      await c.query('ROLLBACK');
    } finally {
      await c.end();
    }
  });

  it('tells a login that owns nothing from one that reaches the owner', async () => {
    expect(await loginPrivileges(serviceUrl)).toEqual({
      login,
      privileged: false,
      reachesOwner: false,
    });
    expect((await loginPrivileges(db.url)).privileged).toBe(true);
  });
});
