import { createTestApp, TestApp } from '../support/test-app';

/**
 * The flow end to end: an admin creates a tenant and adds an existing account, which
 * then works in that tenant, manages its sessions, and switches between its tenants.
 */
describe('tenancy flow (e2e)', () => {
  let t: TestApp;
  let admin: string;

  const claimsOf = (token: string) =>
    JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()) as {
      tid: string | null;
      trole: string | null;
      sid: string;
    };
  const createTenant = async (slug: string) => {
    const res = await t.call('POST', '/api/v1/tenants', admin, { name: `Tenant ${slug}`, slug });
    expect(res.statusCode).toBe(201);
    return res.json().id as string;
  };

  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.loginAsAdmin();
  });
  afterAll(() => t.close());

  it('admin creates a tenant, invites a user; the user logs in to it, lists, refreshes and revokes sessions', async () => {
    const tenantId = await createTenant('flow-one');
    const user = await t.createUser(admin);
    const invited = await t.call('POST', `/api/v1/tenants/${tenantId}/members`, admin, {
      email: user.email.toUpperCase(),
      role: 'dispatcher',
    });
    expect(invited.statusCode).toBe(201);
    expect(invited.json()).toMatchObject({
      tenantId,
      userId: user.id,
      role: 'dispatcher',
      isDefault: false,
      expiresAt: null,
    });

    const first = await t.login(user.email, user.password, tenantId);
    expect(first.tenantId).toBe(tenantId);
    expect(claimsOf(first.accessToken)).toMatchObject({ tid: tenantId, trole: 'dispatcher' });
    const second = await t.login(user.email, user.password, tenantId);

    const sessions = await t.call('GET', '/api/v1/me/sessions', first.accessToken);
    expect(sessions.statusCode).toBe(200);
    const items = sessions.json().items as Array<{
      id: string;
      tenantId: string;
      current: boolean;
    }>;
    expect(items.map((s) => s.id).sort()).toEqual([first.sessionId, second.sessionId].sort());
    expect(items.find((s) => s.id === first.sessionId)).toMatchObject({ tenantId, current: true });

    const refreshed = await t.call('POST', '/api/v1/auth/refresh', null, {
      refreshToken: second.refreshToken,
    });
    expect(refreshed.statusCode).toBe(200);
    expect(claimsOf(refreshed.json().accessToken).tid).toBe(tenantId);

    const revoked = await t.call(
      'DELETE',
      `/api/v1/me/sessions/${second.sessionId}`,
      first.accessToken,
    );
    expect(revoked.statusCode).toBe(204);
    const dead = await t.call('POST', '/api/v1/auth/refresh', null, {
      refreshToken: refreshed.json().refreshToken,
    });
    expect(dead.statusCode).toBe(401);
    expect(dead.headers['content-type']).toContain('application/problem+json');
    const live = await t.call('GET', '/api/v1/me/sessions', first.accessToken);
    expect((live.json().items as Array<{ id: string }>).map((s) => s.id)).toEqual([
      first.sessionId,
    ]);
  });

  it('a member of two tenants switches between them; a tenant they do not belong to is a 403', async () => {
    const a = await createTenant('flow-a');
    const b = await createTenant('flow-b');
    const c = await createTenant('flow-c');
    const user = await t.createUser(admin);
    expect(
      (
        await t.call('POST', `/api/v1/tenants/${a}/members`, admin, {
          userId: user.id,
          role: 'member',
        })
      ).statusCode,
    ).toBe(201);
    expect(
      (
        await t.call('POST', `/api/v1/tenants/${b}/members`, admin, {
          userId: user.id,
          role: 'admin',
        })
      ).statusCode,
    ).toBe(201);

    const session = await t.login(user.email, user.password, a);
    expect(claimsOf(session.accessToken)).toMatchObject({ tid: a, trole: 'member' });
    const switched = await t.call('POST', '/api/v1/auth/switch-tenant', session.accessToken, {
      tenantId: b,
      refreshToken: session.refreshToken,
    });
    expect(switched.statusCode).toBe(200);
    expect(switched.json().tenantId).toBe(b);
    expect(claimsOf(switched.json().accessToken)).toMatchObject({
      tid: b,
      trole: 'admin',
      sid: session.sessionId,
    });

    const refused = await t.call(
      'POST',
      '/api/v1/auth/switch-tenant',
      switched.json().accessToken,
      { tenantId: c, refreshToken: switched.json().refreshToken },
    );
    expect(refused.statusCode).toBe(403);
    expect(refused.json().code).toBe('AUTH.NOT_A_MEMBER');
    expect(
      (
        await t.call('POST', '/api/v1/auth/login', null, {
          login: user.email,
          password: user.password,
          tenantId: c,
        })
      ).statusCode,
    ).toBe(403);
  });
});
