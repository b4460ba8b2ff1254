import { KeyStore, SIGNING_ALG } from '@opsledger/auth';
import { superuserClient } from '@opsledger/testing';
import { SignJWT } from 'jose';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTenantWithMembers } from '../support/tenant-fixture';
import { createTestApp, ISSUER, TestApp } from '../support/test-app';

/**
 * Two instances on one database and one key set: access taken away on A is refused on B
 * within a second (issue 9), with no database read per request on B to learn it.
 */
describe('access ends the moment it is taken away, on every instance (e2e)', () => {
  let dir: string;
  let a: TestApp;
  let b: TestApp;
  let adminA: string;
  let shared: Record<string, string>;

  /** Polls `status` until it answers `expected`, for at most a second; returns the last answer and the time it took. */
  const within1s = async (status: () => Promise<number>, expected: number) => {
    const start = Date.now();
    let seen = await status();
    while (seen !== expected && Date.now() - start < 1000) {
      await new Promise((resolve) => setTimeout(resolve, 10));
      seen = await status();
    }
    return { seen, ms: Date.now() - start };
  };
  const me = (t: TestApp, token: string) => async () =>
    (await t.call('GET', '/api/v1/me', token)).statusCode;
  let seq = 0;
  const createCustomer = (t: TestApp, token: string) => async () =>
    (await t.call('POST', '/api/v1/customers', token, { email: `c${++seq}@revoked.example` }))
      .statusCode;

  /** A tenant (inserted) with one dispatcher added through the API (so it has its ledger stream), signed in there. */
  const tenantWithDispatcher = async () => {
    const { tenantId } = await createTenantWithMembers(a, adminA, {});
    const user = await a.createUser(adminA);
    const added = await a.call('POST', `/api/v1/tenants/${tenantId}/members`, adminA, {
      userId: user.id,
      role: 'dispatcher',
    });
    expect(added.statusCode).toBe(201);
    const session = await a.login(user.email, user.password, tenantId);
    return { tenantId, members: { d: { ...user, token: session.accessToken } } };
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'opsledger-revocation-'));
    shared = {
      SIGNING_KEYS_FILE: join(dir, 'signing-keys.json'),
      DATA_KEYS_FILE: join(dir, 'data-keys.json'),
    };
    a = await createTestApp(shared);
    b = await createTestApp(shared, { database: a.db });
    adminA = await a.loginAsAdmin();
  });
  afterAll(async () => {
    await b.close();
    await a.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('logout on A: the session’s access token is refused on B (401 invalid_token)', async () => {
    const u = await a.createUser(adminA);
    const s = await a.login(u.email, u.password);
    expect(await me(b, s.accessToken)()).toBe(200);
    expect((await a.call('POST', '/api/v1/auth/logout', s.accessToken)).statusCode).toBe(204);
    const { seen, ms } = await within1s(me(b, s.accessToken), 401);
    expect(seen).toBe(401);
    expect(ms).toBeLessThan(1000);
    const res = await b.call('GET', '/api/v1/me', s.accessToken);
    expect(res.json()).toMatchObject({ status: 401, code: 'AUTH.TOKEN_REVOKED' });
    expect(res.json().detail).toContain('invalid_token');
    expect(await me(a, s.accessToken)()).toBe(401);
  });

  it('session revocation (own or by an admin) on A: refused on B; other sessions live on', async () => {
    const u = await a.createUser(adminA);
    const s1 = await a.login(u.email, u.password);
    const s2 = await a.login(u.email, u.password);
    const s3 = await a.login(u.email, u.password);
    expect(
      (await a.call('DELETE', `/api/v1/me/sessions/${s2.sessionId}`, s1.accessToken)).statusCode,
    ).toBe(204);
    expect((await a.call('DELETE', `/api/v1/sessions/${s3.sessionId}`, adminA)).statusCode).toBe(
      204,
    );
    expect((await within1s(me(b, s2.accessToken), 401)).seen).toBe(401);
    expect((await within1s(me(b, s3.accessToken), 401)).seen).toBe(401);
    expect(await me(b, s1.accessToken)()).toBe(200);
  });

  it('a deactivated user’s token stops creating customers on B; reactivated, new sign-ins work', async () => {
    const { tenantId, members } = await tenantWithDispatcher();
    const dispatcher = members.d;
    expect(await createCustomer(b, dispatcher.token)()).toBe(201);
    expect(
      (await a.call('POST', `/api/v1/users/${dispatcher.id}/deactivate`, adminA)).statusCode,
    ).toBeLessThan(300);
    const { seen } = await within1s(createCustomer(b, dispatcher.token), 401);
    expect(seen).toBe(401);
    expect(await me(b, dispatcher.token)()).toBe(401);
    expect(
      (await a.call('POST', `/api/v1/users/${dispatcher.id}/reactivate`, adminA)).statusCode,
    ).toBeLessThan(300);
    const again = await a.login(dispatcher.email, dispatcher.password, tenantId);
    expect((await within1s(createCustomer(b, again.accessToken), 201)).seen).toBe(201);
  });

  it('a removed member’s token no longer writes in the tenant on B (401); the account itself is fine', async () => {
    const { tenantId, members } = await tenantWithDispatcher();
    expect(await createCustomer(b, members.d.token)()).toBe(201);
    const removed = await a.call(
      'DELETE',
      `/api/v1/tenants/${tenantId}/members/${members.d.id}`,
      adminA,
    );
    expect(removed.statusCode).toBe(204);
    expect((await within1s(createCustomer(b, members.d.token), 401)).seen).toBe(401);
    const fresh = await a.login(members.d.email, members.d.password);
    expect(fresh.tenantId).not.toBe(tenantId);
    expect(await me(b, fresh.accessToken)()).toBe(200);
  });

  it('a dispatcher demoted to viewer: the old token is 403 on writes on B, still reads itself', async () => {
    const { tenantId, members } = await tenantWithDispatcher();
    expect(await createCustomer(b, members.d.token)()).toBe(201);
    const url = `/api/v1/tenants/${tenantId}/members/${members.d.id}`;
    expect((await a.call('PATCH', url, adminA, { role: 'viewer' })).statusCode).toBe(200);
    expect((await within1s(createCustomer(b, members.d.token), 403)).seen).toBe(403);
    expect(await me(b, members.d.token)()).toBe(200);
    // Promoted back: the token's own role is the membership's again, and it writes again.
    expect((await a.call('PATCH', url, adminA, { role: 'dispatcher' })).statusCode).toBe(200);
    expect((await within1s(createCustomer(b, members.d.token), 201)).seen).toBe(201);
  });

  it('a platform role taken away applies to tokens already issued', async () => {
    const u = await a.createUser(adminA, { role: 'admin' });
    const s = await a.login(u.email, u.password);
    const list = (token: string) => async () =>
      (await b.call('GET', `/api/v1/users/${u.id}/sessions`, token)).statusCode;
    expect(await list(s.accessToken)()).toBe(200);
    expect(
      (await a.call('PUT', `/api/v1/users/${u.id}/role`, adminA, { role: 'user' })).statusCode,
    ).toBeLessThan(300);
    expect((await within1s(list(s.accessToken), 403)).seen).toBe(403);
  });

  it('loads at boot and reloads after the LISTEN connection is lost: nothing said meanwhile is missed', async () => {
    const u = await a.createUser(adminA);
    const s = await a.login(u.email, u.password);
    const superuser = await superuserClient(a.db.url);
    try {
      // Cut every instance's listener, then revoke before they reconnect (a second later).
      await superuser.query(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'LISTEN%'`,
      );
      expect((await a.call('POST', '/api/v1/auth/logout', s.accessToken)).statusCode).toBe(204);
    } finally {
      await superuser.end();
    }
    const start = Date.now();
    let seen = await me(b, s.accessToken)();
    while (seen !== 401 && Date.now() - start < 3000) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      seen = await me(b, s.accessToken)();
    }
    expect(seen).toBe(401);
    // A third instance started now knows it from the table, without any notification.
    const c = await createTestApp(
      { SIGNING_KEYS_FILE: join(dir, 'signing-keys.json') },
      { database: a.db },
    );
    try {
      expect(await me(c, s.accessToken)()).toBe(401);
    } finally {
      await c.close();
    }
  });

  it('refuses a token without exp, however well signed', async () => {
    const u = await a.createUser(adminA);
    const key = b.app.get(KeyStore).active;
    const forever = await new SignJWT({
      tid: null,
      roles: ['user'],
      trole: null,
      sid: randomUUID(),
      scope: 'api',
      typ: 'user',
    })
      .setProtectedHeader({ alg: SIGNING_ALG, kid: key.kid, typ: 'at+jwt' })
      .setIssuer(ISSUER)
      .setAudience('opsledger-api')
      .setSubject(u.id)
      .setIssuedAt()
      .setJti(randomUUID())
      .sign(key.privateKey);
    const res = await b.call('GET', '/api/v1/me', forever);
    expect(res.statusCode).toBe(401);
    expect(res.json().detail).toContain('no expiry');
  });
});
