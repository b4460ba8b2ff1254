import { createTestDatabase, superuserClient, TestDatabase } from '@opsledger/testing';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';

/**
 * Spec 002's row-level rules for api_keys and user_plans, held by PostgreSQL itself: these
 * statements run as the application role with no application code in between.
 */
describe('accounts row-level security (as the application role)', () => {
  let db: TestDatabase;
  let owner: Client;
  const alice = randomUUID();
  const bob = randomUUID();
  const admin = randomUUID();
  const aliceKey = randomUUID();
  const CIPHERTEXT = 'v1.QUJDREVGR0hJSktMTU5PUA==';

  beforeAll(async () => {
    db = await createTestDatabase();
    owner = await superuserClient(db.url);
    await owner.query(
      `INSERT INTO users (id, email, password_hash) VALUES ($1, 'alice@a.test', 'x'), ($2, 'bob@b.test', 'x'), ($3, 'root@a.test', 'x')`,
      [alice, bob, admin],
    );
    await owner.query(
      `INSERT INTO api_keys (id, user_id, service, key_ciphertext, nonce, salt, last_four, status) VALUES ($1, $2, 'openai', $3, 'n', 's', 'abcd', 'active')`,
      [aliceKey, alice, CIPHERTEXT],
    );
    await owner.query(
      `INSERT INTO user_plans (id, user_id, plan_name, status) VALUES ($1, $2, 'pro', 'active')`,
      [randomUUID(), bob],
    );
  });
  afterAll(async () => {
    await owner.end();
    await db.drop();
  });

  async function asApp<T>(
    scope: { user?: string; role?: string; system?: boolean },
    fn: (c: Client) => Promise<T>,
  ): Promise<T> {
    const c = new Client({ connectionString: db.url, options: '-c role=opsledger_app' });
    await c.connect();
    try {
      await c.query('BEGIN');
      await c.query(
        `SELECT set_config('app.tenant_id', '', true), set_config('app.user_id', $1, true), set_config('app.role', $2, true), set_config('app.scope', $3, true)`,
        [scope.user ?? '', scope.role ?? '', scope.system ? 'system' : ''],
      );
      return await fn(c);
    } finally {
      await c.query('ROLLBACK').catch(() => undefined);
      await c.end();
    }
  }
  const insertKey = (c: Client, userId: string, service = 'stripe') =>
    c.query(
      `INSERT INTO api_keys (id, user_id, service, key_ciphertext, nonce, salt, last_four, status) VALUES ($1, $2, $3, $4, 'n', 's', 'wxyz', 'active')`,
      [randomUUID(), userId, service, CIPHERTEXT],
    );

  describe('api_keys', () => {
    it('shows users their own keys only', async () => {
      expect(
        (await asApp({ user: alice }, (c) => c.query('SELECT id FROM api_keys'))).rows.map(
          (r) => r.id,
        ),
      ).toEqual([aliceKey]);
      expect((await asApp({ user: bob }, (c) => c.query('SELECT id FROM api_keys'))).rowCount).toBe(
        0,
      );
      expect((await asApp({}, (c) => c.query('SELECT id FROM api_keys'))).rowCount).toBe(0);
    });

    it('lets users insert, update and delete their own keys', async () => {
      await asApp({ user: bob }, async (c) => {
        await insertKey(c, bob);
        expect(
          (await c.query(`UPDATE api_keys SET status = 'healthy' WHERE user_id = $1`, [bob]))
            .rowCount,
        ).toBe(1);
        expect((await c.query(`DELETE FROM api_keys WHERE user_id = $1`, [bob])).rowCount).toBe(1);
      });
    });

    it('keeps users off other users’ keys: no insert for them, updates and deletes touch nothing', async () => {
      await expect(asApp({ user: bob }, (c) => insertKey(c, alice))).rejects.toMatchObject({
        code: '42501',
      });
      await asApp({ user: bob }, async (c) => {
        expect(
          (await c.query(`UPDATE api_keys SET status = 'inactive' WHERE id = $1`, [aliceKey]))
            .rowCount,
        ).toBe(0);
        expect((await c.query(`DELETE FROM api_keys WHERE id = $1`, [aliceKey])).rowCount).toBe(0);
      });
      await expect(
        asApp({ user: alice }, (c) =>
          c.query(`UPDATE api_keys SET user_id = $2 WHERE id = $1`, [aliceKey, bob]),
        ),
      ).rejects.toMatchObject({ code: '42501' });
    });

    it('lets admins view every key but change none (read-only)', async () => {
      expect(
        (await asApp({ user: admin, role: 'admin' }, (c) => c.query('SELECT id FROM api_keys')))
          .rowCount,
      ).toBe(1);
      await expect(
        asApp({ user: admin, role: 'admin' }, (c) => insertKey(c, alice, 'twilio')),
      ).rejects.toMatchObject({ code: '42501' });
      await asApp({ user: admin, role: 'admin' }, async (c) => {
        expect(
          (await c.query(`UPDATE api_keys SET status = 'inactive' WHERE id = $1`, [aliceKey]))
            .rowCount,
        ).toBe(0);
        expect((await c.query(`DELETE FROM api_keys WHERE id = $1`, [aliceKey])).rowCount).toBe(0);
      });
    });

    it('refuses a plaintext-looking ciphertext, an over-long last_four and an unknown service', async () => {
      const bad = (sql: string) =>
        asApp({ user: alice }, (c) => c.query(sql, [randomUUID(), alice]));
      await expect(
        bad(
          `INSERT INTO api_keys (id, user_id, service, key_ciphertext, last_four) VALUES ($1, $2, 'twilio', 'sk-plaintext-key-1234', '1234')`,
        ),
      ).rejects.toMatchObject({ code: '23514' });
      await expect(
        bad(
          `INSERT INTO api_keys (id, user_id, service, key_ciphertext, last_four) VALUES ($1, $2, 'twilio', '${CIPHERTEXT}', '12345')`,
        ),
      ).rejects.toMatchObject({ code: '23514' });
      await expect(
        bad(
          `INSERT INTO api_keys (id, user_id, service, key_ciphertext, last_four) VALUES ($1, $2, 'github', '${CIPHERTEXT}', '1234')`,
        ),
      ).rejects.toMatchObject({ code: '23514' });
    });

    it('holds one key per service per user', async () => {
      await expect(
        asApp({ user: alice }, (c) => insertKey(c, alice, 'openai')),
      ).rejects.toMatchObject({
        code: '23505',
        constraint: 'idx_api_keys_user_service_unique',
      });
    });
  });

  describe('user_plans', () => {
    it('shows users their own plan only', async () => {
      expect(
        (await asApp({ user: bob }, (c) => c.query('SELECT plan_name FROM user_plans'))).rows,
      ).toEqual([{ plan_name: 'pro' }]);
      expect(
        (await asApp({ user: alice }, (c) => c.query('SELECT plan_name FROM user_plans'))).rowCount,
      ).toBe(0);
    });

    it('lets only admins change plans', async () => {
      await asApp({ user: bob }, async (c) => {
        expect(
          (
            await c.query(`UPDATE user_plans SET plan_name = 'enterprise' WHERE user_id = $1`, [
              bob,
            ])
          ).rowCount,
        ).toBe(0);
      });
      await expect(
        asApp({ user: alice }, (c) =>
          c.query(`INSERT INTO user_plans (id, user_id, plan_name) VALUES ($1, $2, 'enterprise')`, [
            randomUUID(),
            alice,
          ]),
        ),
      ).rejects.toMatchObject({ code: '42501' });
      await asApp({ user: admin, role: 'admin' }, async (c) => {
        expect(
          (
            await c.query(`UPDATE user_plans SET plan_name = 'enterprise' WHERE user_id = $1`, [
              bob,
            ])
          ).rowCount,
        ).toBe(1);
        await c.query(`INSERT INTO user_plans (id, user_id, plan_name) VALUES ($1, $2, 'pro')`, [
          randomUUID(),
          alice,
        ]);
      });
    });

    it('refuses a period that ends before it starts', async () => {
      await expect(
        asApp({ user: admin, role: 'admin' }, (c) =>
          c.query(
            `UPDATE user_plans SET current_period_start = now(), current_period_end = now() - interval '1 day' WHERE user_id = $1`,
            [bob],
          ),
        ),
      ).rejects.toMatchObject({ code: '23514' });
    });

    it('answers any user’s plan name and status through accounts_plan_of, and only for that call', async () => {
      await asApp({ user: alice }, async (c) => {
        expect((await c.query(`SELECT * FROM accounts_plan_of($1)`, [bob])).rows).toEqual([
          { plan_name: 'pro', status: 'active' },
        ]);
        expect(
          (await c.query(`SELECT current_setting('app.scope', true) AS scope`)).rows[0].scope,
        ).toBe('');
        expect((await c.query('SELECT 1 FROM user_plans')).rowCount).toBe(0);
      });
    });
  });
});
