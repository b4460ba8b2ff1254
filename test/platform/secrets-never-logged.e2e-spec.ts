import { superuserClient } from '@opsledger/testing';
import { Writable } from 'node:stream';
import type { Client } from 'pg';
import { Mailer } from '../../src/modules/identity/application/mailer.port';
import { LogMailer } from '../../src/modules/identity/infrastructure/mail/log.mailer';
import { sampleKey, signedInUser } from '../accounts/accounts-fixture';
import { createTestApp, TestApp } from '../support/test-app';

/** Tables holding a secret column, each with a trigger that fails a write to a marked row. */
const SECRET_TABLES = [
  'users', // password_hash
  'api_keys', // key_ciphertext, nonce, salt
  'oauth_clients', // client_secret (hash)
  'refresh_tokens', // token_hash
  'user_sessions', // session_token (hash)
  'user_action_tokens', // token_hash
];

/**
 * Issue 10: an unexpected database error on a write logged the failed statement with its
 * parameters (PATCH /users/{id} logged the argon2id hash), and PostgreSQL's own `detail`
 * ("Failing row contains (…)") carries the row's values too. Every write path that touches a
 * secret column is made to fail in the database (a trigger raising for a marked table or row,
 * with a detail quoting the row like a CHECK violation does); the captured log must name the
 * failure but hold no secret, no statement parameters and no row dump.
 */
describe('secrets never reach a log (e2e)', () => {
  let t: TestApp;
  let su: Client;
  let admin: string;
  const lines: string[] = [];

  beforeAll(async () => {
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
        done();
      },
    });
    t = await createTestApp({ LOG_LEVEL: 'debug' }, { logDestination: sink });
    admin = await t.loginAsAdmin();
    su = await superuserClient(t.db.url);
    await su.query(`
      CREATE TABLE test_fail_writes (table_name text NOT NULL, row_id uuid);
      CREATE FUNCTION test_fail_marked_write() RETURNS trigger LANGUAGE plpgsql
        SECURITY DEFINER SET search_path = public AS $$
      BEGIN
        IF EXISTS (SELECT 1 FROM test_fail_writes f WHERE f.table_name = TG_TABLE_NAME
                     AND (f.row_id IS NULL OR f.row_id = NEW.id)) THEN
          RAISE EXCEPTION 'forced failure writing %', TG_TABLE_NAME
            USING DETAIL = format('Failing row contains %s.', NEW);
        END IF;
        RETURN NEW;
      END $$;`);
    for (const table of SECRET_TABLES) {
      await su.query(`CREATE TRIGGER test_fail_marked_write BEFORE INSERT OR UPDATE ON ${table}
        FOR EACH ROW EXECUTE FUNCTION test_fail_marked_write()`);
    }
  });
  afterAll(async () => {
    await su.end();
    await t.close();
  });

  const passwordHashOf = async (userId: string) =>
    (await su.query(`SELECT password_hash FROM users WHERE id = $1`, [userId])).rows[0]
      .password_hash as string;

  /**
   * Fails writes to `table` (one row, or every row) while `act` runs, expects the request to
   * answer 500, and returns the log lines written meanwhile after checking them.
   */
  async function failing(
    table: string,
    rowId: string | null,
    act: () => Promise<{ statusCode: number; body: string }>,
    secrets: string[],
  ): Promise<string[]> {
    await su.query(`INSERT INTO test_fail_writes (table_name, row_id) VALUES ($1, $2)`, [
      table,
      rowId,
    ]);
    const from = lines.length;
    let res: { statusCode: number; body: string };
    try {
      res = await act();
    } finally {
      await su.query(`DELETE FROM test_fail_writes`);
    }
    expect(res.statusCode).toBe(500);
    const written = lines.slice(from);
    const text = written.join('\n');
    // the failure was logged (otherwise the rest proves nothing) …
    expect(text).toContain(`forced failure writing ${table}`);
    // … without the statement's parameters, the row PostgreSQL quotes, or any secret
    expect(text).not.toMatch(/"parameters"/);
    expect(text).not.toContain('Failing row contains');
    expect(text).not.toContain('$argon2id$');
    for (const secret of secrets) {
      expect(secret.length).toBeGreaterThan(8);
      expect(text).not.toContain(secret);
    }
    // the response neither
    expect(res.body).not.toContain('forced failure');
    for (const secret of secrets) expect(res.body).not.toContain(secret);
    return written;
  }

  it('PATCH /users/{id} (users update): no password hash, no parameters', async () => {
    const user = await t.createUser(admin);
    const hash = await passwordHashOf(user.id);
    await failing(
      'users',
      user.id,
      () => t.call('PATCH', `/api/v1/users/${user.id}`, admin, { fullName: 'Renamed Person' }),
      [hash, hash.split('$').pop()!],
    );
  });

  it('POST /users (users insert)', async () => {
    const password = 'a-brand-new-secret-password';
    await failing(
      'users',
      null,
      () =>
        t.call('POST', '/api/v1/users', admin, {
          email: `failing-${Date.now()}@example.com`,
          password,
          fullName: 'Never Stored',
        }),
      [password],
    );
  });

  it('POST /me/password (users update with a new hash)', async () => {
    const user = await t.createUser(admin);
    const session = await t.login(user.email, user.password);
    const hash = await passwordHashOf(user.id);
    const newPassword = 'another-new-password-2026';
    await failing(
      'users',
      user.id,
      () =>
        t.call('POST', '/api/v1/me/password', session.accessToken, {
          currentPassword: user.password,
          newPassword,
        }),
      [hash, user.password, newPassword],
    );
  });

  it('POST /auth/password-reset/confirm (users update with a new hash)', async () => {
    const user = await t.createUser(admin);
    const hash = await passwordHashOf(user.id);
    expect(
      (await t.call('POST', '/api/v1/auth/password-reset', null, { email: user.email })).statusCode,
    ).toBe(202);
    const mail = (t.app.get(Mailer) as LogMailer).outbox.filter((m) => m.to === user.email).pop();
    const token = new URL(mail?.link ?? 'http://x').searchParams.get('token') ?? '';
    expect(token.length).toBeGreaterThan(20);
    const newPassword = 'recovered-but-failing-2026';
    await failing(
      'users',
      user.id,
      () => t.call('POST', '/api/v1/auth/password-reset/confirm', null, { token, newPassword }),
      [hash, token, newPassword],
    );
  });

  it('POST /auth/password-reset (user_action_tokens insert): no token hash', async () => {
    const user = await t.createUser(admin);
    const lines = await failing(
      'user_action_tokens',
      null,
      () => t.call('POST', '/api/v1/auth/password-reset', null, { email: user.email }),
      [],
    );
    expect(lines.join('\n')).not.toMatch(/[0-9a-f]{64}/);
  });

  it('POST /auth/login (refresh_tokens and user_sessions inserts): no token hash', async () => {
    const user = await t.createUser(admin);
    for (const table of ['user_sessions', 'refresh_tokens']) {
      const lines = await failing(
        table,
        null,
        () =>
          t.call('POST', '/api/v1/auth/login', null, {
            login: user.email,
            password: user.password,
          }),
        [user.password],
      );
      expect(lines.join('\n')).not.toMatch(/[0-9a-f]{64}/);
    }
  });

  it('POST and PUT /me/api-keys (api_keys insert and update): no key, no ciphertext', async () => {
    const alice = await signedInUser(t, admin);
    const first = sampleKey.openai();
    await failing(
      'api_keys',
      null,
      () => t.call('POST', '/api/v1/me/api-keys', alice.token, { service: 'openai', key: first }),
      [first, first.slice(3, 20)],
    );
    expect(
      (await t.call('POST', '/api/v1/me/api-keys', alice.token, { service: 'openai', key: first }))
        .statusCode,
    ).toBe(201);
    const stored = (
      await su.query(`SELECT id, key_ciphertext, nonce, salt FROM api_keys WHERE user_id = $1`, [
        alice.id,
      ])
    ).rows[0];
    const second = sampleKey.openai();
    const lines = await failing(
      'api_keys',
      stored.id,
      () => t.call('PUT', '/api/v1/me/api-keys/openai', alice.token, { key: second }),
      [second, first, stored.key_ciphertext.slice(3, 40), stored.nonce, stored.salt],
    );
    expect(lines.join('\n')).not.toMatch(/v1\.[A-Za-z0-9+/]{20,}/);
  });

  it('POST /oauth/clients and rotate-secret (oauth_clients insert and update)', async () => {
    await failing(
      'oauth_clients',
      null,
      () =>
        t.call('POST', '/api/v1/oauth/clients', admin, {
          name: 'Failing app',
          redirectUris: ['https://app.example.com/callback'],
        }),
      [],
    );
    const created = await t.call('POST', '/api/v1/oauth/clients', admin, {
      name: 'Field app',
      redirectUris: ['https://app.example.com/callback'],
    });
    expect(created.statusCode).toBe(201);
    const client = created.json() as { id: string; clientSecret: string };
    const storedSecret = (
      await su.query(`SELECT client_secret FROM oauth_clients WHERE id = $1`, [client.id])
    ).rows[0].client_secret as string;
    await failing(
      'oauth_clients',
      client.id,
      () => t.call('POST', `/api/v1/oauth/clients/${client.id}/rotate-secret`, admin),
      [client.clientSecret, storedSecret],
    );
  });

  it('a profile change sends only the changed columns: the password hash stays out of the statement', async () => {
    const user = await t.createUser(admin);
    await su.query(`
      CREATE TABLE test_seen_updates (cols text[]);
      CREATE FUNCTION test_seen_user_update() RETURNS trigger LANGUAGE plpgsql
        SECURITY DEFINER SET search_path = public AS $$
      BEGIN
        INSERT INTO test_seen_updates VALUES (ARRAY[
          CASE WHEN NEW.password_hash IS DISTINCT FROM OLD.password_hash THEN 'password_hash' END]);
        RETURN NEW;
      END $$;
      CREATE TRIGGER test_seen_user_update BEFORE UPDATE OF password_hash ON users
        FOR EACH ROW EXECUTE FUNCTION test_seen_user_update();`);
    // BEFORE UPDATE OF password_hash fires only when the statement names the column
    const renamed = await t.call('PATCH', `/api/v1/users/${user.id}`, admin, {
      fullName: 'Only The Name',
    });
    expect(renamed.statusCode).toBe(200);
    expect((await su.query(`SELECT count(*)::int AS n FROM test_seen_updates`)).rows[0].n).toBe(0);
    const session = await t.login(user.email, user.password);
    const changed = await t.call('POST', '/api/v1/me/password', session.accessToken, {
      currentPassword: user.password,
      newPassword: 'a-changed-password-2026',
    });
    expect(changed.statusCode).toBe(204);
    expect((await su.query(`SELECT count(*)::int AS n FROM test_seen_updates`)).rows[0].n).toBe(1);
  });
});
