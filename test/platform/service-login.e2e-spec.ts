import { ensureServiceLogin } from '@opsledger/persistence';
import { createTestDatabase, superuserClient, TestDatabase } from '@opsledger/testing';
import { randomBytes } from 'node:crypto';
import { createTestApp, TestApp } from '../support/test-app';

/**
 * The whole service runs on a login that owns nothing (what production and embedded mode
 * use; issue 10): sign-in, writes through the ledger, sealing and verification all work, and
 * the sessions it opens are that login's, never the owner's.
 */
describe('the service on its own login', () => {
  let db: TestDatabase;
  let t: TestApp;
  let login: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    login = `opsledger_service_${randomBytes(4).toString('hex')}`;
    const url = await ensureServiceLogin(db.url, randomBytes(18).toString('hex'), login);
    t = await createTestApp({}, { database: { ...db, url } });
  });
  afterAll(async () => {
    await t?.close();
    await db?.drop();
    const su = await superuserClient(db.url.replace(/\/[^/]*$/, '/opsledger_test_template'));
    await su.query(`DROP ROLE IF EXISTS ${login}`).catch(() => undefined);
    await su.end();
  });

  it('signs in, writes, seals and verifies the ledger', async () => {
    const admin = await t.loginAsAdmin();
    const user = await t.createUser(admin);
    expect((await t.call('GET', `/api/v1/users/${user.id}`, admin)).statusCode).toBe(200);
    const seal = await t.call('POST', '/api/v1/audit/seals', admin);
    expect([200, 201]).toContain(seal.statusCode);
    const verify = await t.call('GET', '/api/v1/audit/verify', admin);
    expect(verify.statusCode).toBe(200);
    expect(verify.json()).toMatchObject({ intact: true });
  });

  it('opens its sessions as the service login, never as the owner', async () => {
    const su = await superuserClient(db.url);
    const sessions = await su.query<{ usename: string }>(
      `SELECT DISTINCT usename FROM pg_stat_activity
        WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend'`,
    );
    await su.end();
    expect(sessions.rows.map((r) => r.usename)).toEqual([login]);
  });
});
