import { PersonalDataProtector } from '@opsledger/personal-data';
import { superuserClient } from '@opsledger/testing';
import { createTestApp, TestApp } from '../support/test-app';

describe('sessions and refresh tokens (e2e)', () => {
  let t: TestApp;
  let admin: string;

  beforeAll(async () => {
    t = await createTestApp({ LOGIN_ATTEMPTS_PER_ACCOUNT: '3' });
    admin = await t.loginAsAdmin();
  });
  afterAll(() => t.close());

  const refresh = (refreshToken: string) =>
    t.call('POST', '/api/v1/auth/refresh', null, { refreshToken });

  it('rotates the refresh token on every use and lists the session', async () => {
    const u = await t.createUser(admin);
    const first = await t.login(u.email, u.password);
    const r1 = await refresh(first.refreshToken);
    expect(r1.statusCode).toBe(200);
    const second = r1.json();
    expect(second.refreshToken).not.toBe(first.refreshToken);
    expect(second.sessionId).toBe(first.sessionId);
    const list = await t.call('GET', '/api/v1/me/sessions', second.accessToken);
    expect(list.statusCode).toBe(200);
    expect(list.json().items).toEqual([
      expect.objectContaining({ id: first.sessionId, current: true, revokedAt: null }),
    ]);
  });

  it('refuses an Idempotency-Key where the response carries tokens, and stores nothing', async () => {
    const u = await t.createUser(admin);
    const first = await t.login(u.email, u.password);
    const keyed = (url: string, payload: object, token: string | null = null) =>
      t.inject({
        method: 'POST',
        url,
        payload,
        headers: {
          'idempotency-key': `tokens-${url.length}-${Date.now()}`,
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
      });
    const answers = [
      await keyed('/api/v1/auth/login', { login: u.email, password: u.password }),
      await keyed('/api/v1/auth/refresh', { refreshToken: first.refreshToken }),
      await keyed(
        '/api/v1/auth/switch-tenant',
        { tenantId: '00000000-0000-4000-8000-000000000000', refreshToken: first.refreshToken },
        first.accessToken,
      ),
    ];
    for (const res of answers) {
      expect(res.statusCode).toBe(400);
      expect(res.json().code).toBe('REQUEST.IDEMPOTENCY_KEY_NOT_SUPPORTED');
    }
    const c = await superuserClient(t.db.url);
    const stored = await c.query(`SELECT count(*)::int AS n FROM idempotency_keys`);
    await c.end();
    expect(stored.rows[0].n).toBe(0);
    // the refresh token was not used by the refused request
    expect((await refresh(first.refreshToken)).statusCode).toBe(200);
  });

  it('answers a duplicate refresh inside the grace window with the same successor', async () => {
    const u = await t.createUser(admin);
    const first = await t.login(u.email, u.password);
    const [a, b] = await Promise.all([refresh(first.refreshToken), refresh(first.refreshToken)]);
    expect(a.statusCode).toBe(200);
    expect(b.statusCode).toBe(200);
    expect(a.json().refreshToken).toBe(b.json().refreshToken);
    expect((await refresh(a.json().refreshToken)).statusCode).toBe(200);
  });

  it('revokes the whole family when a rotated token is reused after the grace window', async () => {
    const u = await t.createUser(admin);
    const first = await t.login(u.email, u.password);
    const second = (await refresh(first.refreshToken)).json();
    const c = await superuserClient(t.db.url);
    await c.query(
      `UPDATE refresh_tokens SET rotated_at = rotated_at - interval '1 minute' WHERE rotated_at IS NOT NULL AND session_id = $1`,
      [first.sessionId],
    );
    const reuse = await refresh(first.refreshToken);
    expect(reuse.statusCode).toBe(401);
    expect(reuse.json().code).toBe('AUTH.REFRESH_TOKEN_REUSED');
    expect((await refresh(second.refreshToken)).statusCode).toBe(401);
    const session = await c.query(`SELECT revoked_reason FROM user_sessions WHERE id = $1`, [
      first.sessionId,
    ]);
    const events = await c.query(
      `SELECT event_type FROM event_store WHERE stream_id = $1 ORDER BY stream_version`,
      [first.sessionId],
    );
    await c.end();
    expect(session.rows[0].revoked_reason).toBe('refresh_token_reuse');
    expect(events.rows.map((r) => r.event_type)).toEqual(
      expect.arrayContaining([
        'identity.session.refresh-token-reuse-detected.v1',
        'identity.session.revoked.v1',
      ]),
    );
  });

  it('rejects forged and malformed refresh tokens without detail', async () => {
    expect(
      (await refresh('7f0c5a64-8f7e-4c55-9a38-1b2c3d4e5f60.' + 'A'.repeat(43))).statusCode,
    ).toBe(401);
    expect((await refresh('x'.repeat(60))).statusCode).toBe(401);
    expect((await refresh('short')).statusCode).toBe(400);
  });

  it('revokes an own session; its refresh token stops working; others are 404', async () => {
    const u = await t.createUser(admin);
    const s1 = await t.login(u.email, u.password);
    const s2 = await t.login(u.email, u.password);
    const other = await t.createUser(admin);
    const o = await t.login(other.email, other.password);
    expect(
      (await t.call('DELETE', `/api/v1/me/sessions/${o.sessionId}`, s1.accessToken)).statusCode,
    ).toBe(404);
    expect(
      (await t.call('DELETE', `/api/v1/me/sessions/${s2.sessionId}`, s1.accessToken)).statusCode,
    ).toBe(204);
    expect((await refresh(s2.refreshToken)).statusCode).toBe(401);
    expect((await refresh(o.refreshToken)).statusCode).toBe(200);
    const live = (await t.call('GET', '/api/v1/me/sessions', s1.accessToken)).json().items;
    expect(live.map((s: { id: string }) => s.id)).toEqual([s1.sessionId]);
  });

  it('lets an admin list and revoke any session', async () => {
    const u = await t.createUser(admin);
    const s = await t.login(u.email, u.password);
    const list = await t.call('GET', `/api/v1/users/${u.id}/sessions`, admin);
    expect(list.json().items.map((x: { id: string }) => x.id)).toContain(s.sessionId);
    expect((await t.call('DELETE', `/api/v1/sessions/${s.sessionId}`, admin)).statusCode).toBe(204);
    expect((await refresh(s.refreshToken)).statusCode).toBe(401);
    // Not an admin (403), and its session is revoked (401 once every instance has heard).
    expect([401, 403]).toContain(
      (await t.call('GET', `/api/v1/users/${u.id}/sessions`, s.accessToken)).statusCode,
    );
  });

  it('logout ends the calling session', async () => {
    const u = await t.createUser(admin);
    const s = await t.login(u.email, u.password);
    expect((await t.call('POST', '/api/v1/auth/logout', s.accessToken)).statusCode).toBe(204);
    expect((await refresh(s.refreshToken)).statusCode).toBe(401);
  });

  it('changing the password ends the other sessions and needs the current password', async () => {
    const u = await t.createUser(admin);
    const a = await t.login(u.email, u.password);
    const b = await t.login(u.email, u.password);
    const wrong = await t.call('POST', '/api/v1/me/password', a.accessToken, {
      currentPassword: 'not-the-password',
      newPassword: 'a-brand-new-password',
    });
    expect(wrong.statusCode).toBe(422);
    expect(wrong.json().errors[0].field).toBe('currentPassword');
    const ok = await t.call('POST', '/api/v1/me/password', a.accessToken, {
      currentPassword: u.password,
      newPassword: 'a-brand-new-password',
    });
    expect(ok.statusCode).toBe(204);
    expect((await refresh(b.refreshToken)).statusCode).toBe(401);
    expect((await refresh(a.refreshToken)).statusCode).toBe(200);
    await t.login(u.email, 'a-brand-new-password');
  });

  it('throttles logins per account with 429 and Retry-After, and audits the failures', async () => {
    const u = await t.createUser(admin);
    for (let i = 0; i < 3; i++) {
      expect(
        (
          await t.call('POST', '/api/v1/auth/login', null, {
            login: u.email,
            password: 'wrong-password-x',
          })
        ).statusCode,
      ).toBe(401);
    }
    const blocked = await t.call('POST', '/api/v1/auth/login', null, {
      login: u.email,
      password: u.password,
    });
    expect(blocked.statusCode).toBe(429);
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    const c = await superuserClient(t.db.url);
    // The typed login is sealed under the key of whoever owns that name (an alias subject).
    const refused = await c.query(
      `SELECT payload, metadata FROM event_store WHERE event_type = 'platform.request.refused.v1' AND payload->'subject'->>'s' = $1 ORDER BY position`,
      [t.app.get(PersonalDataProtector).aliasOf(u.email)],
    );
    await c.end();
    expect(JSON.stringify(refused.rows)).not.toContain(u.email);
    const rows = await t.reveal(refused.rows);
    expect(rows.map((r) => r.payload.status)).toEqual([401, 401, 401, 429]);
    expect(rows.map((r) => r.payload.subject)).toEqual(Array(4).fill(u.email));
    expect(rows[0].metadata.result).toBe('denied');
    expect(rows[0].metadata.ip).toBe('127.0.0.1');
  });

  it('deactivating a user ends its sessions and blocks login', async () => {
    const u = await t.createUser(admin);
    const s = await t.login(u.email, u.password);
    expect((await t.call('POST', `/api/v1/users/${u.id}/deactivate`, admin)).statusCode).toBe(204);
    expect((await refresh(s.refreshToken)).statusCode).toBe(401);
    expect(
      (await t.call('POST', '/api/v1/auth/login', null, { login: u.email, password: u.password }))
        .statusCode,
    ).toBe(401);
    expect((await t.call('POST', `/api/v1/users/${u.id}/reactivate`, admin)).statusCode).toBe(204);
    await t.login(u.email, u.password);
  });
});
