import * as oidc from 'openid-client';
import {
  authorizationUrl,
  basic,
  createOAuthTestContext,
  obtainTokens,
  OAuthTestContext,
  PageDriver,
  postForm,
  POST_LOGOUT_URI,
  RegisteredClient,
} from './oauth-fixture';
import { ISSUER } from '../support/test-app';

/** The OpenID Connect details strict client libraries tripped on (issue 9). */
describe('OpenID Connect details strict clients check (e2e)', () => {
  let ctx: OAuthTestContext;
  let user: { id: string; email: string; password: string };
  let client: RegisteredClient;
  let config: oidc.Configuration;
  const SPA = 'http://localhost:5173';

  beforeAll(async () => {
    ctx = await createOAuthTestContext();
    user = await ctx.t.createUser(ctx.admin);
    client = await ctx.register({ isFirstParty: true, allowedOrigins: [SPA] });
    config = await ctx.discover(client);
  });
  afterAll(() => ctx.close());

  it('max_age=0 asks for the password once and then issues the code, like prompt=login', async () => {
    const driver = new PageDriver(ctx);
    await obtainTokens(ctx, config, user, {}, driver);
    const run = await authorizationUrl(config, { max_age: '0' });
    let step = await driver.go('GET', run.url.href);
    expect(step.html).toContain('action="/oauth/interaction/login"');
    step = await driver.submit(step, { login: user.email, password: user.password });
    expect(step.url.startsWith(ISSUER)).toBe(false);
    const callback = new URL(step.url);
    expect(callback.searchParams.get('code')).toBeTruthy();
    const tokens = await oidc.authorizationCodeGrant(config, callback, {
      pkceCodeVerifier: run.verifier,
      expectedState: run.state,
      expectedNonce: run.nonce,
      maxAge: 0,
    });
    expect(Math.abs(Number(tokens.claims()!.auth_time) - Date.now() / 1000)).toBeLessThan(5);
  });

  it('logout with an id_token_hint from a browser not holding that session asks first', async () => {
    const owner = new PageDriver(ctx);
    const { tokens } = await obtainTokens(ctx, config, user, { scope: 'openid' }, owner);
    const end = oidc.buildEndSessionUrl(config, {
      id_token_hint: tokens.id_token!,
      post_logout_redirect_uri: POST_LOGOUT_URI,
      state: 'x',
    });
    const stranger = new PageDriver(ctx);
    const asked = await stranger.go('GET', end.href);
    expect(asked.status).toBe(200);
    expect(asked.html).toContain('Sign out?');
    // Nothing ended: the owner's browser is still signed in.
    const silent = await authorizationUrl(config, { prompt: 'none', scope: 'openid' });
    expect(
      new URL((await owner.go('GET', silent.url.href)).url).searchParams.get('code'),
    ).toBeTruthy();
    // Confirmed on the page, the hinted session ends.
    const done = await stranger.submit(asked, {});
    expect(done.url).toBe(`${POST_LOGOUT_URI}?state=x`);
    const after = await authorizationUrl(config, { prompt: 'none', scope: 'openid' });
    expect(new URL((await owner.go('GET', after.url.href)).url).searchParams.get('error')).toBe(
      'login_required',
    );
  });

  it('the browser holding the hinted session is signed out without a question', async () => {
    const driver = new PageDriver(ctx);
    const { tokens } = await obtainTokens(ctx, config, user, { scope: 'openid' }, driver);
    const end = oidc.buildEndSessionUrl(config, {
      id_token_hint: tokens.id_token!,
      post_logout_redirect_uri: POST_LOGOUT_URI,
      state: 'y',
    });
    expect((await driver.go('GET', end.href)).url).toBe(`${POST_LOGOUT_URI}?state=y`);
  });

  describe('CORS', () => {
    const preflight = (path: string, origin: string) =>
      fetch(`${ctx.base}${path}`, {
        method: 'OPTIONS',
        headers: {
          origin,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'content-type, authorization',
        },
      });

    it('token, revocation and userinfo answer a client’s registered origin, preflight included', async () => {
      for (const path of ['/oauth/token', '/oauth/revoke', '/oauth/userinfo']) {
        const res = await preflight(path, SPA);
        expect(res.status).toBe(204);
        expect(res.headers.get('access-control-allow-origin')).toBe(SPA);
        expect(res.headers.get('access-control-allow-methods')).toContain('POST');
        expect(res.headers.get('access-control-allow-headers')).toContain('authorization');
        const other = await preflight(path, 'https://evil.example');
        expect(other.headers.get('access-control-allow-origin')).toBeNull();
      }
      const { tokens } = await obtainTokens(ctx, config, user, { scope: 'openid' });
      const info = await fetch(`${ctx.base}/oauth/userinfo`, {
        headers: { origin: SPA, authorization: `Bearer ${tokens.access_token}` },
      });
      expect(info.status).toBe(200);
      expect(info.headers.get('access-control-allow-origin')).toBe(SPA);
      const token = await postForm(
        ctx,
        '/oauth/token',
        { grant_type: 'client_credentials' },
        { origin: 'https://evil.example', authorization: basic(client.clientId, 'wrong') },
      );
      expect(token.headers.get('access-control-allow-origin')).toBeNull();
    });

    it('discovery and the JWKS are open to every origin', async () => {
      for (const path of ['/.well-known/openid-configuration', '/.well-known/jwks.json']) {
        const res = await fetch(`${ctx.base}${path}`, {
          headers: { origin: 'https://any.example' },
        });
        expect(res.status).toBe(200);
        expect(res.headers.get('access-control-allow-origin')).toBe('*');
        const pre = await fetch(`${ctx.base}${path}`, {
          method: 'OPTIONS',
          headers: { origin: 'https://any.example', 'access-control-request-method': 'GET' },
        });
        expect(pre.status).toBe(204);
        expect(pre.headers.get('access-control-allow-origin')).toBe('*');
      }
    });

    it('an allowed origin is an origin: a path, a fragment or plain http off loopback is a 400 naming the field', async () => {
      for (const bad of [
        'https://app.example/path',
        'http://app.example',
        'not a url',
        'https://app.example#x',
      ]) {
        const res = await ctx.t.call('POST', '/api/v1/oauth/clients', ctx.admin, {
          name: 'Bad origin',
          redirectUris: ['http://127.0.0.1:9/callback'],
          allowedOrigins: [bad],
        });
        expect(res.statusCode).toBe(400);
        expect(JSON.stringify(res.json())).toContain('allowedOrigins');
      }
      const got = await ctx.t.call('GET', `/api/v1/oauth/clients/${client.id}`, ctx.admin);
      expect(got.json().allowedOrigins).toEqual([SPA]);
    });
  });

  it('userinfo without credentials challenges without an error code (RFC 6750 §3.1)', async () => {
    const none = await fetch(`${ctx.base}/oauth/userinfo`);
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toBe('Bearer realm="opsledger"');
    const bad = await fetch(`${ctx.base}/oauth/userinfo`, {
      headers: { authorization: 'Bearer abc.def.ghi' },
    });
    expect(bad.headers.get('www-authenticate')).toContain('error="invalid_token"');
  });

  it('the API’s login and refresh token responses are not cached', async () => {
    const login = await ctx.t.call('POST', '/api/v1/auth/login', null, {
      login: user.email,
      password: user.password,
    });
    expect(login.statusCode).toBe(200);
    expect(login.headers['cache-control']).toBe('no-store');
    const refreshed = await ctx.t.call('POST', '/api/v1/auth/refresh', null, {
      refreshToken: login.json().refreshToken,
    });
    expect(refreshed.statusCode).toBe(200);
    expect(refreshed.headers['cache-control']).toBe('no-store');
  });

  describe('refresh-token grace window', () => {
    it('a duplicate inside the window is refused once the successor was used, and that revokes the family', async () => {
      const { tokens } = await obtainTokens(ctx, config, user);
      const next = await oidc.refreshTokenGrant(config, tokens.refresh_token!);
      await oidc.refreshTokenGrant(config, next.refresh_token!);
      await expect(oidc.refreshTokenGrant(config, tokens.refresh_token!)).rejects.toMatchObject({
        error: 'invalid_grant',
      });
      expect((await oidc.tokenIntrospection(config, next.access_token)).active).toBe(false);
    });

    it('another client presenting the token inside the window gets nothing', async () => {
      const { tokens } = await obtainTokens(ctx, config, user);
      await oidc.refreshTokenGrant(config, tokens.refresh_token!);
      const thief = await ctx.register({ isFirstParty: true });
      const res = await postForm(
        ctx,
        '/oauth/token',
        { grant_type: 'refresh_token', refresh_token: tokens.refresh_token! },
        { authorization: basic(thief.clientId, thief.clientSecret!) },
      );
      expect(res.status).toBe(400);
      expect(res.json.error).toBe('invalid_grant');
      expect(res.json.access_token).toBeUndefined();
    });
  });
});

describe('refresh-token grace window of 0 (REFRESH_TOKEN_GRACE_SECONDS=0, e2e)', () => {
  let ctx: OAuthTestContext;

  beforeAll(async () => {
    ctx = await createOAuthTestContext({ REFRESH_TOKEN_GRACE_SECONDS: '0' });
  });
  afterAll(() => ctx.close());

  it('an immediate duplicate is reuse, at the provider and at the API', async () => {
    const user = await ctx.t.createUser(ctx.admin);
    const client = await ctx.register({ isFirstParty: true });
    const config = await ctx.discover(client);
    const { tokens } = await obtainTokens(ctx, config, user);
    const next = await oidc.refreshTokenGrant(config, tokens.refresh_token!);
    await expect(oidc.refreshTokenGrant(config, tokens.refresh_token!)).rejects.toMatchObject({
      error: 'invalid_grant',
    });
    expect((await oidc.tokenIntrospection(config, next.refresh_token!)).active).toBe(false);

    const session = await ctx.t.login(user.email, user.password);
    const refresh = (refreshToken: string) =>
      ctx.t.call('POST', '/api/v1/auth/refresh', null, { refreshToken });
    expect((await refresh(session.refreshToken)).statusCode).toBe(200);
    expect((await refresh(session.refreshToken)).statusCode).toBe(401);
  });
});
