import * as oidc from 'openid-client';
import { superuserClient } from '@opsledger/testing';
import {
  basic,
  createOAuthTestContext,
  obtainTokens,
  OAuthTestContext,
  PageDriver,
  postForm,
  REDIRECT_URI,
  RegisteredClient,
  authorizationUrl,
  signIn,
  POST_LOGOUT_URI,
} from './oauth-fixture';

/**
 * Issue 9: an OAuth access token that the provider revoked is refused by the API too, not
 * only by userinfo and introspection (within a second; see test/identity/access-revocation
 * for the same across two instances).
 */
describe('OAuth access tokens revoked at the provider are refused by /api/v1 (e2e)', () => {
  let ctx: OAuthTestContext;
  let user: { id: string; email: string; password: string };
  let client: RegisteredClient;
  let config: oidc.Configuration;

  const apiStatus = (token: string) => async () =>
    (await ctx.t.call('GET', '/api/v1/me', token)).statusCode;
  const refusedWithin1s = async (token: string) => {
    const start = Date.now();
    let seen = await apiStatus(token)();
    while (seen !== 401 && Date.now() - start < 1000) {
      await new Promise((resolve) => setTimeout(resolve, 10));
      seen = await apiStatus(token)();
    }
    expect(seen).toBe(401);
    const res = await ctx.t.call('GET', '/api/v1/me', token);
    expect(res.json().code).toBe('AUTH.TOKEN_REVOKED');
  };
  const tokens = async (scope = 'openid offline_access api', driver = new PageDriver(ctx)) => {
    const { tokens: t } = await obtainTokens(ctx, config, user, { scope }, driver);
    expect(await apiStatus(t.access_token)()).toBe(200);
    return t;
  };

  beforeAll(async () => {
    ctx = await createOAuthTestContext();
    user = await ctx.t.createUser(ctx.admin);
    client = await ctx.register({ isFirstParty: true });
    config = await ctx.discover(client);
  });
  afterAll(() => ctx.close());

  it('a replayed code revokes what its first redemption issued, at the API too', async () => {
    const run = await authorizationUrl(config, { scope: 'openid api' });
    const callback = await signIn(new PageDriver(ctx), run.url, user);
    const form = {
      grant_type: 'authorization_code',
      redirect_uri: REDIRECT_URI,
      code: callback.searchParams.get('code')!,
      code_verifier: run.verifier,
    };
    const auth = { authorization: basic(client.clientId, client.clientSecret!) };
    const first = await postForm(ctx, '/oauth/token', form, auth);
    expect(first.status).toBe(200);
    expect(await apiStatus(first.json.access_token)()).toBe(200);
    expect((await postForm(ctx, '/oauth/token', form, auth)).status).toBe(400);
    await refusedWithin1s(first.json.access_token);
  });

  it('RFC 7009 revocation of the access token alone, or of its refresh token', async () => {
    const one = await tokens();
    await oidc.tokenRevocation(config, one.access_token);
    await refusedWithin1s(one.access_token);
    const two = await tokens();
    await oidc.tokenRevocation(config, two.refresh_token!);
    await refusedWithin1s(two.access_token);
  });

  it('refresh-token reuse detection revokes the family’s access tokens at the API', async () => {
    const t = await tokens();
    const next = await oidc.refreshTokenGrant(config, t.refresh_token!);
    expect(await apiStatus(next.access_token)()).toBe(200);
    const c = await superuserClient(ctx.t.db.url);
    try {
      await c.query(
        `UPDATE oauth_refresh_tokens SET rotated_at = rotated_at - interval '1 minute' WHERE rotated_at IS NOT NULL`,
      );
    } finally {
      await c.end();
    }
    await expect(oidc.refreshTokenGrant(config, t.refresh_token!)).rejects.toMatchObject({
      error: 'invalid_grant',
    });
    await refusedWithin1s(next.access_token);
    await refusedWithin1s(t.access_token);
  });

  it('RP-initiated logout ends the session’s access tokens at the API', async () => {
    const driver = new PageDriver(ctx);
    const t = await tokens('openid api', driver);
    const end = oidc.buildEndSessionUrl(config, {
      id_token_hint: t.id_token!,
      post_logout_redirect_uri: POST_LOGOUT_URI,
      state: 's',
    });
    expect((await driver.go('GET', end.href)).url).toBe(`${POST_LOGOUT_URI}?state=s`);
    await refusedWithin1s(t.access_token);
  });

  it('withdrawing consent (DELETE /me/consents/{clientId}) ends the client’s access tokens', async () => {
    const thirdParty = await ctx.register({ name: 'Third party' });
    const cfg = await ctx.discover(thirdParty);
    const { tokens: t } = await obtainTokens(ctx, cfg, user, { scope: 'openid api' });
    expect(await apiStatus(t.access_token)()).toBe(200);
    const session = await ctx.t.login(user.email, user.password);
    const res = await ctx.t.call(
      'DELETE',
      `/api/v1/me/consents/${thirdParty.clientId}`,
      session.accessToken,
    );
    expect(res.statusCode).toBe(204);
    await refusedWithin1s(t.access_token);
  });
});
