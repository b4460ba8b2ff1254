import * as oidc from 'openid-client';
import { superuserClient } from '@opsledger/testing';
import { decodeJwt } from 'jose';
import { createTenantWithMembers, joinTenant } from '../support/tenant-fixture';
import {
  authorizationUrl,
  createOAuthTestContext,
  obtainTokens,
  OAuthTestContext,
  PageDriver,
  RegisteredClient,
} from './oauth-fixture';

type Res = { statusCode: number; headers: Record<string, unknown>; json(): any };

describe('OAuth consents, tenant choice and grants (e2e)', () => {
  let ctx: OAuthTestContext;
  let user: { id: string; email: string; password: string };
  let other: { id: string; email: string; password: string };
  let client: RegisteredClient;
  let config: oidc.Configuration;

  const expectProblem = (res: Res, status: number) => {
    expect(res.statusCode).toBe(status);
    expect(String(res.headers['content-type'])).toContain('application/problem+json');
  };
  const apiToken = async (u: { email: string; password: string }) =>
    (await ctx.t.login(u.email, u.password)).accessToken;
  const pagesSeen = (driver: PageDriver) =>
    driver.sent.filter((s) => s.method === 'POST').map((s) => s.url);
  const events = async (type: string) => {
    const c = await superuserClient(ctx.t.db.url);
    const rows = (
      await c.query(
        `SELECT payload, metadata FROM event_store WHERE event_type = $1 ORDER BY position`,
        [type],
      )
    ).rows;
    await c.end();
    return rows;
  };

  beforeAll(async () => {
    ctx = await createOAuthTestContext();
    user = await ctx.t.createUser(ctx.admin);
    other = await ctx.t.createUser(ctx.admin);
    client = await ctx.register({ name: 'Third-party reports' });
    config = await ctx.discover(client);
  });
  afterAll(() => ctx.close());

  it('remembers consent per client and scope: asked once, asked again for a new scope or with prompt=consent', async () => {
    const driver = new PageDriver(ctx);
    await obtainTokens(ctx, config, user, { scope: 'openid email' }, driver);
    expect(pagesSeen(driver)).toEqual(['/oauth/interaction/login', '/oauth/interaction/consent']);

    driver.sent = [];
    await obtainTokens(ctx, config, user, { scope: 'openid email' }, driver);
    expect(pagesSeen(driver)).toEqual([]);

    await obtainTokens(ctx, config, user, { scope: 'openid profile' }, driver);
    expect(pagesSeen(driver)).toEqual(['/oauth/interaction/consent']);

    driver.sent = [];
    await obtainTokens(
      ctx,
      config,
      user,
      { scope: 'openid email profile', prompt: 'consent' },
      driver,
    );
    expect(pagesSeen(driver)).toEqual(['/oauth/interaction/consent']);

    const granted = await events('oauth.consent.granted.v1');
    expect(granted.at(-1)?.payload.scopes).toEqual(
      expect.arrayContaining(['openid', 'email', 'profile']),
    );
    expect(granted.at(-1)?.metadata).toMatchObject({ actorId: user.id, actorType: 'user' });
  });

  it('first-party clients skip consent', async () => {
    const own = await ctx.register({ isFirstParty: true });
    const driver = new PageDriver(ctx);
    await obtainTokens(ctx, await ctx.discover(own), other, {}, driver);
    expect(pagesSeen(driver)).toEqual(['/oauth/interaction/login']);
  });

  it('lists consents at /me/consents and revokes one with its tokens; the next sign-in asks again', async () => {
    const { tokens } = await obtainTokens(ctx, config, user, {
      scope: 'openid email offline_access',
    });
    const token = await apiToken(user);
    const list = await ctx.t.call('GET', '/api/v1/me/consents', token);
    expect(list.statusCode).toBe(200);
    expect(list.json().items).toEqual([
      expect.objectContaining({
        clientId: client.clientId,
        clientName: 'Third-party reports',
        isFirstParty: false,
        activeTokenFamilies: expect.any(Number),
      }),
    ]);
    expect(list.json().items[0].scopes).toEqual(
      expect.arrayContaining(['openid', 'email', 'offline_access']),
    );

    expect(
      (await ctx.t.call('DELETE', `/api/v1/me/consents/${client.clientId}`, token)).statusCode,
    ).toBe(204);
    expect((await ctx.t.call('GET', '/api/v1/me/consents', token)).json().items).toEqual([]);
    expect((await oidc.tokenIntrospection(config, tokens.refresh_token!)).active).toBe(false);
    await expect(oidc.refreshTokenGrant(config, tokens.refresh_token!)).rejects.toMatchObject({
      error: 'invalid_grant',
    });
    expect((await events('oauth.consent.revoked.v1')).at(-1)?.payload).toMatchObject({
      userId: user.id,
      revokedBy: 'user',
    });

    const driver = new PageDriver(ctx);
    await obtainTokens(ctx, config, user, { scope: 'openid email' }, driver);
    expect(pagesSeen(driver)).toContain('/oauth/interaction/consent');
  });

  it('isolates users: another user cannot see or revoke someone else’s grant', async () => {
    await obtainTokens(ctx, config, user, { scope: 'openid' });
    const otherToken = await apiToken(other);
    const userToken = await apiToken(user);
    expect(
      (await ctx.t.call('GET', '/api/v1/me/consents', otherToken))
        .json()
        .items.map((i: { clientId: string }) => i.clientId),
    ).not.toContain(client.clientId);
    expectProblem(
      await ctx.t.call('DELETE', `/api/v1/me/consents/${client.clientId}`, otherToken),
      404,
    );
    expectProblem(
      await ctx.t.call('GET', `/api/v1/users/${user.id}/oauth-grants`, otherToken),
      403,
    );
    expectProblem(
      await ctx.t.call(
        'DELETE',
        `/api/v1/users/${user.id}/oauth-grants/${client.clientId}`,
        otherToken,
      ),
      403,
    );
    expect(
      (await ctx.t.call('GET', '/api/v1/me/consents', userToken))
        .json()
        .items.map((i: { clientId: string }) => i.clientId),
    ).toContain(client.clientId);
  });

  it('row-level security hides other users’ consents even from a query without a filter', async () => {
    const c = await superuserClient(ctx.t.db.url);
    try {
      await c.query('BEGIN');
      await c.query(`SET LOCAL ROLE opsledger_app`);
      await c.query(`SELECT set_config('app.user_id', $1, true)`, [other.id]);
      const visible = (await c.query(`SELECT user_id FROM oauth_consents`)).rows.map(
        (r) => r.user_id,
      );
      expect(visible).not.toContain(user.id);
      const clients = (await c.query(`SELECT client_id FROM oauth_clients`)).rows.map(
        (r) => r.client_id,
      );
      expect(clients).not.toContain(client.clientId);
      await c.query('ROLLBACK');
    } finally {
      await c.end();
    }
  });

  it('lets a platform admin list and revoke a user’s grants, audited as the admin', async () => {
    await obtainTokens(ctx, config, user, { scope: 'openid' });
    const list = await ctx.t.call('GET', `/api/v1/users/${user.id}/oauth-grants`, ctx.admin);
    expect(list.statusCode).toBe(200);
    expect(list.json().items.map((i: { clientId: string }) => i.clientId)).toContain(
      client.clientId,
    );
    expect(
      (
        await ctx.t.call(
          'DELETE',
          `/api/v1/users/${user.id}/oauth-grants/${client.clientId}`,
          ctx.admin,
        )
      ).statusCode,
    ).toBe(204);
    expect((await events('oauth.consent.revoked.v1')).at(-1)?.payload).toMatchObject({
      userId: user.id,
      revokedBy: 'admin',
    });
    expectProblem(
      await ctx.t.call(
        'DELETE',
        `/api/v1/users/${user.id}/oauth-grants/${client.clientId}`,
        ctx.admin,
      ),
      404,
    );
    expectProblem(
      await ctx.t.call('DELETE', `/api/v1/users/${user.id}/oauth-grants/not%20an%20id`, ctx.admin),
      400,
    );
    expectProblem(await ctx.t.call('GET', `/api/v1/users/not-a-uuid/oauth-grants`, ctx.admin), 400);
  });

  describe('tenants', () => {
    it('asks a member of several tenants to choose one; the token acts in it with that tenant role', async () => {
      const first = await createTenantWithMembers(ctx.t, ctx.admin, { owner: 'owner' });
      const second = await createTenantWithMembers(ctx.t, ctx.admin, { owner: 'owner' });
      const member = await ctx.t.createUser(ctx.admin);
      await joinTenant(ctx.t, member, first.tenantId, 'viewer');
      await joinTenant(ctx.t, member, second.tenantId, 'dispatcher');
      const own = await ctx.register({ isFirstParty: true });
      const cfg = await ctx.discover(own);
      const driver = new PageDriver(ctx);
      const run = await authorizationUrl(cfg);
      let page = await driver.go('GET', run.url.href);
      page = await driver.submit(page, { login: member.email, password: member.password });
      expect(page.html).toContain('Choose an organisation');
      expect(page.html).toContain('<fieldset');
      expect(page.html).toContain('<legend>');
      const refused = await driver.submit(page, {
        tenantId: '00000000-0000-4000-8000-000000000000',
      });
      expect(refused.status).toBe(400);
      const done = await driver.submit(page, { tenantId: second.tenantId });
      const tokens = await oidc.authorizationCodeGrant(cfg, new URL(done.url), {
        pkceCodeVerifier: run.verifier,
        expectedState: run.state,
        expectedNonce: run.nonce,
      });
      expect(decodeJwt(tokens.access_token)).toMatchObject({
        tid: second.tenantId,
        trole: 'dispatcher',
      });
      const me = await ctx.t.call('GET', '/api/v1/me', tokens.access_token);
      expect(me.json()).toMatchObject({ tenantId: second.tenantId, tenantRole: 'dispatcher' });
    });

    it('a tenant’s own client admits its members only, in that tenant, without asking', async () => {
      const tenant = await createTenantWithMembers(ctx.t, ctx.admin, { member: 'member' });
      const res = await ctx.t.call('POST', '/api/v1/oauth/clients', ctx.admin, {
        name: 'Tenant app',
        redirectUris: ['http://127.0.0.1:9/callback'],
        isFirstParty: true,
        tenantId: tenant.tenantId,
      });
      expect(res.statusCode).toBe(201);
      const cfg = await ctx.discover(res.json());
      const { tokens } = await obtainTokens(ctx, cfg, tenant.members.member);
      expect(decodeJwt(tokens.access_token).tid).toBe(tenant.tenantId);

      const outsider = await ctx.t.createUser(ctx.admin);
      const driver = new PageDriver(ctx);
      let page = await driver.go('GET', (await authorizationUrl(cfg)).url.href);
      page = await driver.submit(page, { login: outsider.email, password: outsider.password });
      expect(new URL(page.url).searchParams.get('error')).toBe('access_denied');
    });
  });
});
