import { createTestDatabase, superuserClient, TestDatabase } from '@opsledger/testing';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';

/**
 * PostgreSQL enforces tenancy on its own: these queries run as the application's role with
 * no application code in between, so a bug in a repository's WHERE clause cannot leak rows.
 */
describe('row-level security (as the application role)', () => {
  let db: TestDatabase;
  let owner: Client;
  const tenantA = randomUUID();
  const tenantB = randomUUID();
  const alice = randomUUID();
  const bob = randomUUID();

  beforeAll(async () => {
    db = await createTestDatabase();
    owner = await superuserClient(db.url);
    await owner.query(
      `INSERT INTO tenants (id, name, slug) VALUES ($1, 'A', 'a'), ($2, 'B', 'b')`,
      [tenantA, tenantB],
    );
    await owner.query(
      `INSERT INTO users (id, email, password_hash) VALUES ($1, 'alice@a.test', 'x'), ($2, 'bob@b.test', 'x')`,
      [alice, bob],
    );
    await owner.query(
      `INSERT INTO user_tenants (id, user_id, tenant_id, role) VALUES ($1, $2, $3, 'member'), ($4, $5, $6, 'member')`,
      [randomUUID(), alice, tenantA, randomUUID(), bob, tenantB],
    );
    await owner.query(
      `INSERT INTO organizations (id, tenant_id, name, slug) VALUES ($1, $2, 'Org A', 'org-a'), ($3, $4, 'Org B', 'org-b')`,
      [randomUUID(), tenantA, randomUUID(), tenantB],
    );
  });
  afterAll(async () => {
    await owner.end();
    await db.drop();
  });

  /** Runs statements in one transaction as opsledger_app with the given scope settings. */
  async function asApp<T>(
    scope: { tenant?: string; user?: string; role?: string; system?: boolean },
    fn: (c: Client) => Promise<T>,
  ): Promise<T> {
    const c = new Client({ connectionString: db.url, options: '-c role=opsledger_app' });
    await c.connect();
    try {
      await c.query('BEGIN');
      await c.query(
        `SELECT set_config('app.tenant_id', $1, true), set_config('app.user_id', $2, true), set_config('app.role', $3, true), set_config('app.scope', $4, true)`,
        [scope.tenant ?? '', scope.user ?? '', scope.role ?? '', scope.system ? 'system' : ''],
      );
      return await fn(c);
    } finally {
      await c.query('ROLLBACK').catch(() => undefined);
      await c.end();
    }
  }

  it('connects as a role that is neither owner nor superuser', async () => {
    const who = await asApp({}, (c) =>
      c.query(
        `SELECT current_user, (SELECT rolsuper OR rolbypassrls FROM pg_roles WHERE rolname = current_user) AS privileged`,
      ),
    );
    expect(who.rows[0]).toEqual({ current_user: 'opsledger_app', privileged: false });
  });

  it('shows only the current tenant’s organizations and nothing without a tenant', async () => {
    const a = await asApp({ tenant: tenantA }, (c) => c.query(`SELECT name FROM organizations`));
    expect(a.rows).toEqual([{ name: 'Org A' }]);
    const none = await asApp({}, (c) => c.query(`SELECT name FROM organizations`));
    expect(none.rows).toEqual([]);
    const all = await asApp({ system: true }, (c) =>
      c.query(`SELECT name FROM organizations ORDER BY name`),
    );
    expect(all.rows).toHaveLength(2);
  });

  it('refuses writing a row into another tenant', async () => {
    await expect(
      asApp({ tenant: tenantA }, (c) =>
        c.query(`INSERT INTO organizations (id, tenant_id, name, slug) VALUES ($1, $2, 'x', 'x')`, [
          randomUUID(),
          tenantB,
        ]),
      ),
    ).rejects.toThrow(/row-level security/);
    const updated = await asApp({ tenant: tenantA }, (c) =>
      c.query(`UPDATE organizations SET name = 'hacked' WHERE tenant_id = $1`, [tenantB]),
    );
    expect(updated.rowCount).toBe(0);
  });

  it('shows users only to themselves and to their tenant', async () => {
    const asAlice = await asApp({ tenant: tenantA, user: alice }, (c) =>
      c.query(`SELECT email FROM users ORDER BY email`),
    );
    expect(asAlice.rows).toEqual([{ email: 'alice@a.test' }]);
    const admin = await asApp({ role: 'admin' }, (c) => c.query(`SELECT email FROM users`));
    expect(admin.rows).toHaveLength(2);
  });

  it('keeps sessions private to their user', async () => {
    await owner.query(
      `INSERT INTO user_sessions (id, user_id, expires_at) VALUES ($1, $2, now() + interval '1 day')`,
      [randomUUID(), bob],
    );
    const asAlice = await asApp({ tenant: tenantA, user: alice }, (c) =>
      c.query(`SELECT id FROM user_sessions`),
    );
    expect(asAlice.rows).toEqual([]);
    const asBob = await asApp({ tenant: tenantB, user: bob }, (c) =>
      c.query(`SELECT id FROM user_sessions`),
    );
    expect(asBob.rows).toHaveLength(1);
  });

  it('never lets the application change or delete ledger events, and hides action tokens', async () => {
    await expect(
      asApp({ system: true }, (c) => c.query(`UPDATE event_store SET payload = '{}'`)),
    ).rejects.toThrow(/permission denied/);
    await expect(
      asApp({ system: true }, (c) => c.query(`DELETE FROM event_store`)),
    ).rejects.toThrow(/permission denied/);
    await owner.query(
      `INSERT INTO user_action_tokens (id, user_id, purpose, token_hash, expires_at) VALUES ($1, $2, 'password_reset', $3, now() + interval '1 hour')`,
      [randomUUID(), alice, 'a'.repeat(64)],
    );
    const asUser = await asApp({ tenant: tenantA, user: alice }, (c) =>
      c.query(`SELECT id FROM user_action_tokens`),
    );
    expect(asUser.rows).toEqual([]);
  });

  it('lets only an admin change a profile’s role', async () => {
    await owner.query(
      `INSERT INTO profiles (id, email, role) VALUES ($1, 'alice@a.test', 'user')`,
      [alice],
    );
    await expect(
      asApp({ tenant: tenantA, user: alice }, (c) =>
        c.query(`UPDATE profiles SET role = 'admin' WHERE id = $1`, [alice]),
      ),
    ).rejects.toThrow(/only an admin/);
    const ok = await asApp({ role: 'admin' }, (c) =>
      c.query(`UPDATE profiles SET role = 'support' WHERE id = $1`, [alice]),
    );
    expect(ok.rowCount).toBe(1);
  });
});
