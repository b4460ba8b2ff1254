import * as oidc from 'openid-client';
import { superuserClient } from '@opsledger/testing';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { ISSUER } from '../support/test-app';
import {
  authorizationUrl,
  createOAuthTestContext,
  OAuthTestContext,
  PageDriver,
  POST_LOGOUT_URI,
  REDIRECT_URI,
  signIn,
} from './oauth-fixture';

describe('OAuth 2.0 / OpenID Connect with a standard client (openid-client, e2e)', () => {
  let ctx: OAuthTestContext;
  let user: { id: string; email: string; password: string };

  beforeAll(async () => {
    ctx = await createOAuthTestContext();
    user = await ctx.t.createUser(ctx.admin, { fullName: 'Rita Relying' });
  });
  afterAll(() => ctx.close());

  it('discovers everything from the issuer URL alone', async () => {
    const client = await ctx.register();
    const config = await ctx.discover(client);
    const meta = config.serverMetadata();
    expect(meta.issuer).toBe(ISSUER);
    expect(meta).toMatchObject({
      authorization_endpoint: `${ISSUER}/oauth/authorize`,
      token_endpoint: `${ISSUER}/oauth/token`,
      userinfo_endpoint: `${ISSUER}/oauth/userinfo`,
      jwks_uri: `${ISSUER}/.well-known/jwks.json`,
      revocation_endpoint: `${ISSUER}/oauth/revoke`,
      introspection_endpoint: `${ISSUER}/oauth/introspect`,
      end_session_endpoint: `${ISSUER}/oauth/logout`,
      code_challenge_methods_supported: ['S256'],
      response_types_supported: ['code'],
      id_token_signing_alg_values_supported: ['ES256'],
      authorization_response_iss_parameter_supported: true,
    });
    const rfc8414 = await (
      await ctx.fetch(`${ISSUER}/.well-known/oauth-authorization-server`)
    ).json();
    expect(rfc8414).toEqual(meta);
  });

  it('code + PKCE through the login and consent pages; id_token, userinfo, the API, refresh, introspection, revocation, logout', async () => {
    const client = await ctx.register();
    const config = await ctx.discover(client);
    const run = await authorizationUrl(config);
    const driver = new PageDriver(ctx);
    const callback = await signIn(driver, run.url, user);
    expect(callback.origin + callback.pathname).toBe(REDIRECT_URI);
    expect(callback.searchParams.get('state')).toBe(run.state);
    expect(callback.searchParams.get('iss')).toBe(ISSUER);
    // Every POST of the pages answered 303.
    expect(driver.sent.filter((s) => s.method === 'POST').every((s) => s.status === 303)).toBe(
      true,
    );

    const tokens = await oidc.authorizationCodeGrant(config, callback, {
      pkceCodeVerifier: run.verifier,
      expectedState: run.state,
      expectedNonce: run.nonce,
      idTokenExpected: true,
    });
    expect(tokens.token_type.toLowerCase()).toBe('bearer');
    expect(tokens.scope).toBe('openid profile email offline_access api');
    const idClaims = tokens.claims()!;
    expect(idClaims).toMatchObject({
      iss: ISSUER,
      sub: user.id,
      aud: client.clientId,
      nonce: run.nonce,
      email: user.email,
      name: 'Rita Relying',
    });
    expect(typeof idClaims.auth_time).toBe('number');
    expect(typeof idClaims.sid).toBe('string');
    expect(decodeProtectedHeader(tokens.id_token!).alg).toBe('ES256');

    const access = decodeJwt(tokens.access_token);
    expect(decodeProtectedHeader(tokens.access_token).typ).toBe('at+jwt');
    expect(access).toMatchObject({
      iss: ISSUER,
      sub: user.id,
      aud: 'opsledger-api',
      client_id: client.clientId,
      scope: 'openid profile email offline_access api',
      roles: ['user'],
      typ: 'user',
      sid: idClaims.sid,
    });

    const info = await oidc.fetchUserInfo(config, tokens.access_token, user.id);
    expect(info).toMatchObject({
      sub: user.id,
      email: user.email,
      email_verified: true,
      name: 'Rita Relying',
    });

    const me = await ctx.t.call('GET', '/api/v1/me', tokens.access_token);
    expect(me.statusCode).toBe(200);
    expect(me.json().id).toBe(user.id);

    const refreshed = await oidc.refreshTokenGrant(config, tokens.refresh_token!);
    expect(refreshed.refresh_token).not.toBe(tokens.refresh_token);
    expect(refreshed.claims()!.sub).toBe(user.id);
    expect((await ctx.t.call('GET', '/api/v1/me', refreshed.access_token)).statusCode).toBe(200);

    const live = await oidc.tokenIntrospection(config, refreshed.access_token);
    expect(live).toMatchObject({
      active: true,
      client_id: client.clientId,
      sub: user.id,
      scope: 'openid profile email offline_access api',
    });
    expect((await oidc.tokenIntrospection(config, tokens.refresh_token!)).active).toBe(false);
    expect((await oidc.tokenIntrospection(config, refreshed.refresh_token!)).active).toBe(true);

    await oidc.tokenRevocation(config, refreshed.refresh_token!);
    expect((await oidc.tokenIntrospection(config, refreshed.refresh_token!)).active).toBe(false);
    expect((await oidc.tokenIntrospection(config, refreshed.access_token)).active).toBe(false);
    await expect(oidc.fetchUserInfo(config, refreshed.access_token, user.id)).rejects.toThrow();

    // RP-initiated logout: the session ends, the browser goes back to the registered URI.
    const end = oidc.buildEndSessionUrl(config, {
      id_token_hint: tokens.id_token!,
      post_logout_redirect_uri: POST_LOGOUT_URI,
      state: 'bye',
    });
    const out = await driver.go('GET', end.href);
    expect(out.url).toBe(`${POST_LOGOUT_URI}?state=bye`);
    expect(driver.cookies.has('opsledger_op_session')).toBe(false);
    const again = await authorizationUrl(config, { prompt: 'none' });
    const silent = new URL((await driver.go('GET', again.url.href)).url);
    expect(silent.searchParams.get('error')).toBe('login_required');
  });

  it('the whole exchange is in the ledger', async () => {
    const c = await superuserClient(ctx.t.db.url);
    const types = (
      await c.query(`SELECT DISTINCT event_type FROM event_store WHERE event_type LIKE 'oauth.%'`)
    ).rows.map((r) => r.event_type);
    await c.end();
    expect(types).toEqual(
      expect.arrayContaining([
        'oauth.client.registered.v1',
        'oauth.session.started.v1',
        'oauth.consent.granted.v1',
        'oauth.authorization-code.issued.v1',
        'oauth.authorization-code.redeemed.v1',
        'oauth.token-family.started.v1',
        'oauth.token-family.refreshed.v1',
        'oauth.token-family.revoked.v1',
        'oauth.session.ended.v1',
      ]),
    );
  });
});
