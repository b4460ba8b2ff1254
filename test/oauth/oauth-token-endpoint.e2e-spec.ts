import * as oidc from 'openid-client';
import { superuserClient } from '@opsledger/testing';
import { decodeJwt } from 'jose';
import {
  authorizationUrl,
  basic,
  createOAuthTestContext,
  obtainTokens,
  OAuthTestContext,
  PageDriver,
  postForm,
  REDIRECT_URI,
  RegisteredClient,
  signIn,
} from './oauth-fixture';

describe('OAuth token endpoint rules (e2e)', () => {
  let ctx: OAuthTestContext;
  let user: { id: string; email: string; password: string };
  let client: RegisteredClient;
  let config: oidc.Configuration;

  const sql = async <T = any>(query: string, params: unknown[] = []): Promise<T[]> => {
    const c = await superuserClient(ctx.t.db.url);
    try {
      return (await c.query(query, params)).rows as T[];
    } finally {
      await c.end();
    }
  };
  const issued = async () =>
    (
      await sql<{
        families: number;
        access: number;
        refresh: number;
      }>(`SELECT (SELECT count(*)::int FROM oauth_token_families) AS families,
      (SELECT count(*)::int FROM oauth_access_tokens) AS access, (SELECT count(*)::int FROM oauth_refresh_tokens) AS refresh`)
    )[0];
  /** A fresh code with its verifier, without redeeming it. */
  const freshCode = async (c = client, params: Record<string, string> = {}) => {
    const cfg = c === client ? config : await ctx.discover(c, c.clientSecret ? 'basic' : 'none');
    const run = await authorizationUrl(cfg, params);
    const callback = await signIn(new PageDriver(ctx), run.url, user);
    const code = callback.searchParams.get('code');
    if (!code) throw new Error(`no code: ${callback.href}`);
    return { code, verifier: run.verifier };
  };
  const exchange = (form: Record<string, string>, c = client) =>
    postForm(
      ctx,
      '/oauth/token',
      { grant_type: 'authorization_code', redirect_uri: REDIRECT_URI, ...form },
      { authorization: basic(c.clientId, c.clientSecret ?? '') },
    );
  const expectOAuthError = (
    res: { status: number; json: any; headers: Headers },
    status: number,
    error: string,
  ) => {
    expect({ status: res.status, error: res.json?.error }).toEqual({ status, error });
    expect(typeof res.json.error_description).toBe('string');
    expect(res.headers.get('cache-control')).toBe('no-store');
  };

  beforeAll(async () => {
    ctx = await createOAuthTestContext();
    user = await ctx.t.createUser(ctx.admin);
    client = await ctx.register({ isFirstParty: true });
    config = await ctx.discover(client);
  });
  afterAll(() => ctx.close());

  describe('authorization code', () => {
    it('a wrong redirect_uri is invalid_grant, nothing is issued, and the code stays usable', async () => {
      const { code, verifier } = await freshCode();
      const before = await issued();
      expectOAuthError(
        await exchange({ code, code_verifier: verifier, redirect_uri: `${REDIRECT_URI}/other` }),
        400,
        'invalid_grant',
      );
      expectOAuthError(
        await exchange({
          code,
          code_verifier: verifier,
          redirect_uri: REDIRECT_URI.replace('127.0.0.1', 'localhost'),
        }),
        400,
        'invalid_grant',
      );
      expect(await issued()).toEqual(before);
      const ok = await exchange({ code, code_verifier: verifier });
      expect(ok.status).toBe(200);
    });

    it('a missing or incorrect code_verifier is invalid_grant and issues nothing', async () => {
      const { code, verifier } = await freshCode();
      const before = await issued();
      expectOAuthError(await exchange({ code }), 400, 'invalid_grant');
      expectOAuthError(
        await exchange({
          code,
          code_verifier: `${verifier.slice(0, -1)}${verifier.endsWith('a') ? 'b' : 'a'}`,
        }),
        400,
        'invalid_grant',
      );
      expectOAuthError(await exchange({ code, code_verifier: 'short' }), 400, 'invalid_grant');
      expect(await issued()).toEqual(before);
    });

    it('a replayed code is invalid_grant and revokes the tokens of its first redemption', async () => {
      const { code, verifier } = await freshCode();
      const first = await exchange({ code, code_verifier: verifier });
      expect(first.status).toBe(200);
      const before = await issued();
      expectOAuthError(await exchange({ code, code_verifier: verifier }), 400, 'invalid_grant');
      expect(await issued()).toEqual(before);
      expect((await oidc.tokenIntrospection(config, first.json.access_token)).active).toBe(false);
      expect((await oidc.tokenIntrospection(config, first.json.refresh_token)).active).toBe(false);
      await expect(oidc.refreshTokenGrant(config, first.json.refresh_token)).rejects.toMatchObject({
        error: 'invalid_grant',
      });
      const events = await sql(
        `SELECT event_type FROM event_store WHERE event_type IN ('oauth.authorization-code.replayed.v1', 'oauth.token-family.revoked.v1')`,
      );
      expect(events.map((e) => e.event_type)).toEqual(
        expect.arrayContaining([
          'oauth.authorization-code.replayed.v1',
          'oauth.token-family.revoked.v1',
        ]),
      );
    });

    it('an expired code is invalid_grant (codes live 60 s)', async () => {
      const { code, verifier } = await freshCode();
      const [row] = await sql(
        `SELECT expires_at - created_at AS ttl FROM oauth_authorization_codes ORDER BY created_at DESC LIMIT 1`,
      );
      expect(row.ttl).toMatchObject({ minutes: 1 });
      await sql(
        `UPDATE oauth_authorization_codes SET expires_at = now() - interval '1 second' WHERE used_at IS NULL`,
      );
      const before = await issued();
      expectOAuthError(await exchange({ code, code_verifier: verifier }), 400, 'invalid_grant');
      expect(await issued()).toEqual(before);
    });

    it('a code issued to another client is invalid_grant', async () => {
      const other = await ctx.register({ isFirstParty: true });
      const { code, verifier } = await freshCode();
      expectOAuthError(
        await exchange({ code, code_verifier: verifier }, other),
        400,
        'invalid_grant',
      );
    });

    it('a confidential client may skip PKCE, but then may not send a verifier (downgrade)', async () => {
      const driver = new PageDriver(ctx);
      const url = oidc.buildAuthorizationUrl(config, {
        redirect_uri: REDIRECT_URI,
        scope: 'openid',
        state: 's1',
      });
      const callback = await signIn(driver, url, user);
      const code = callback.searchParams.get('code')!;
      expectOAuthError(
        await exchange({ code, code_verifier: oidc.randomPKCECodeVerifier() }),
        400,
        'invalid_grant',
      );
      const ok = await exchange({ code });
      expect(ok.status).toBe(200);
      expect(decodeJwt(ok.json.id_token).nonce).toBeUndefined();
    });

    it('stores codes and tokens only as hashes', async () => {
      const { code, verifier } = await freshCode();
      const res = await exchange({ code, code_verifier: verifier });
      const refreshSecret = String(res.json.refresh_token).split('.')[1];
      const dump = JSON.stringify(
        await sql(`SELECT (SELECT json_agg(c) FROM oauth_authorization_codes c) AS codes, (SELECT json_agg(a) FROM oauth_access_tokens a) AS access,
          (SELECT json_agg(r) FROM oauth_refresh_tokens r) AS refresh, (SELECT json_agg(e.payload) FROM event_store e) AS events`),
      );
      expect(dump).not.toContain(code);
      expect(dump).not.toContain(res.json.access_token);
      expect(dump).not.toContain(refreshSecret);
    });
  });

  describe('grant types and client authentication', () => {
    it.each([
      ['password'],
      ['implicit'],
      ['urn:ietf:params:oauth:grant-type:device_code'],
      ['token'],
    ])('grant_type=%s is unsupported_grant_type and issues nothing', async (grant) => {
      const before = await issued();
      const res = await postForm(
        ctx,
        '/oauth/token',
        { grant_type: grant, username: user.email, password: user.password },
        { authorization: basic(client.clientId, client.clientSecret!) },
      );
      expectOAuthError(res, 400, 'unsupported_grant_type');
      expect(await issued()).toEqual(before);
    });

    it('a wrong client secret is invalid_client (401 with a Basic challenge) and issues nothing', async () => {
      const { code, verifier } = await freshCode();
      const before = await issued();
      const res = await postForm(
        ctx,
        '/oauth/token',
        {
          grant_type: 'authorization_code',
          code,
          code_verifier: verifier,
          redirect_uri: REDIRECT_URI,
        },
        { authorization: basic(client.clientId, 'wrong-secret') },
      );
      expectOAuthError(res, 401, 'invalid_client');
      expect(res.headers.get('www-authenticate')).toContain('Basic');
      expect(await issued()).toEqual(before);
      const refusals = await sql(
        `SELECT payload FROM event_store WHERE event_type = 'platform.request.refused.v1' AND payload->>'code' = 'OAUTH.INVALID_CLIENT'`,
      );
      expect(refusals.length).toBeGreaterThan(0);
    });

    it('a confidential client shows its secret in the header or the form, never in both, never none', async () => {
      const machine = await ctx.register({
        grantTypes: ['client_credentials'],
        redirectUris: [],
        scopes: ['api'],
      });
      const form = await postForm(ctx, '/oauth/token', {
        grant_type: 'client_credentials',
        client_id: machine.clientId,
        client_secret: machine.clientSecret!,
      });
      expect(form.status).toBe(200);
      const both = await postForm(
        ctx,
        '/oauth/token',
        { grant_type: 'client_credentials', client_secret: machine.clientSecret! },
        { authorization: basic(machine.clientId, machine.clientSecret!) },
      );
      expectOAuthError(both, 400, 'invalid_request');
      const none = await postForm(ctx, '/oauth/token', {
        grant_type: 'client_credentials',
        client_id: machine.clientId,
      });
      expectOAuthError(none, 401, 'invalid_client');
      const spa = await ctx.register({ tokenEndpointAuthMethod: 'none' });
      const publicWithSecret = await postForm(
        ctx,
        '/oauth/token',
        { grant_type: 'refresh_token', refresh_token: 'x' },
        { authorization: basic(spa.clientId, 'guess') },
      );
      expectOAuthError(publicWithSecret, 401, 'invalid_client');
    });

    it('client_secret_post works for a client registered with it', async () => {
      const postClient = await ctx.register({
        tokenEndpointAuthMethod: 'client_secret_post',
        isFirstParty: true,
      });
      const cfg = await ctx.discover(postClient, 'post');
      const { tokens } = await obtainTokens(ctx, cfg, user);
      expect(tokens.access_token).toBeTruthy();
    });

    it('a public client (none) must use PKCE, and gets tokens with it', async () => {
      const spa = await ctx.register({ tokenEndpointAuthMethod: 'none', isFirstParty: true });
      const cfg = await ctx.discover(spa, 'none');
      const noPkce = oidc.buildAuthorizationUrl(cfg, {
        redirect_uri: REDIRECT_URI,
        scope: 'openid',
        state: 'x',
      });
      const back = new URL((await new PageDriver(ctx).go('GET', noPkce.href)).url);
      expect(back.searchParams.get('error')).toBe('invalid_request');
      const { tokens } = await obtainTokens(ctx, cfg, user);
      expect(decodeJwt(tokens.access_token).client_id).toBe(spa.clientId);
    });

    it('refuses a body that is not a form, and repeated parameters', async () => {
      const json = await fetch(`${ctx.base}/oauth/token`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: basic(client.clientId, client.clientSecret!),
        },
        body: JSON.stringify({ grant_type: 'client_credentials' }),
      });
      expect(json.status).toBe(400);
      expect(((await json.json()) as { error: string }).error).toBe('invalid_request');
      const repeated = await fetch(`${ctx.base}/oauth/token`, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          authorization: basic(client.clientId, client.clientSecret!),
        },
        body: 'grant_type=refresh_token&refresh_token=a&refresh_token=b',
      });
      expect(((await repeated.json()) as { error: string }).error).toBe('invalid_request');
    });
  });

  describe('refresh tokens', () => {
    it('rotate, answer a duplicate inside the grace window with the same successor, and revoke the family on reuse after it', async () => {
      const { tokens } = await obtainTokens(ctx, config, user);
      const first = await oidc.refreshTokenGrant(config, tokens.refresh_token!);
      const duplicate = await oidc.refreshTokenGrant(config, tokens.refresh_token!);
      expect(duplicate.refresh_token).toBe(first.refresh_token);
      expect(duplicate.access_token).not.toBe(first.access_token);

      await sql(
        `UPDATE oauth_refresh_tokens SET rotated_at = rotated_at - interval '1 minute' WHERE rotated_at IS NOT NULL`,
      );
      const before = await issued();
      await expect(oidc.refreshTokenGrant(config, tokens.refresh_token!)).rejects.toMatchObject({
        error: 'invalid_grant',
      });
      expect(await issued()).toEqual(before);
      // The thief's or the victim's successor no longer works either.
      await expect(oidc.refreshTokenGrant(config, first.refresh_token!)).rejects.toMatchObject({
        error: 'invalid_grant',
      });
      expect((await oidc.tokenIntrospection(config, first.access_token)).active).toBe(false);
      const reuse = await sql(
        `SELECT metadata FROM event_store WHERE event_type = 'oauth.token-family.refresh-token-reuse-detected.v1'`,
      );
      expect(reuse).toHaveLength(1);
      expect(reuse[0].metadata).toMatchObject({ actorId: client.clientId, actorType: 'client' });
    });

    it('a refresh token of another client, or a forged one, is invalid_grant', async () => {
      const { tokens } = await obtainTokens(ctx, config, user);
      const other = await ctx.register({ isFirstParty: true });
      const res = await postForm(
        ctx,
        '/oauth/token',
        { grant_type: 'refresh_token', refresh_token: tokens.refresh_token! },
        { authorization: basic(other.clientId, other.clientSecret!) },
      );
      expectOAuthError(res, 400, 'invalid_grant');
      const [id] = tokens.refresh_token!.split('.');
      const forged = await postForm(
        ctx,
        '/oauth/token',
        { grant_type: 'refresh_token', refresh_token: `${id}.${'A'.repeat(43)}` },
        { authorization: basic(client.clientId, client.clientSecret!) },
      );
      expectOAuthError(forged, 400, 'invalid_grant');
      // The real one still works: failed attempts by others do not revoke it.
      expect(
        (await oidc.refreshTokenGrant(config, tokens.refresh_token!)).access_token,
      ).toBeTruthy();
    });

    it('may narrow the scope but never widen it', async () => {
      const { tokens } = await obtainTokens(ctx, config, user, {
        scope: 'openid email offline_access',
      });
      const narrowed = await oidc.refreshTokenGrant(config, tokens.refresh_token!, {
        scope: 'openid offline_access',
      });
      expect(narrowed.scope).toBe('openid offline_access');
      await expect(
        oidc.refreshTokenGrant(config, narrowed.refresh_token!, {
          scope: 'openid offline_access api',
        }),
      ).rejects.toMatchObject({ error: 'invalid_scope' });
    });

    it('is not issued without offline_access', async () => {
      const { tokens } = await obtainTokens(ctx, config, user, { scope: 'openid profile' });
      expect(tokens.refresh_token).toBeUndefined();
    });
  });

  describe('client credentials', () => {
    it('a machine client gets an audience-restricted token the API accepts as the client', async () => {
      const machine = await ctx.register({
        grantTypes: ['client_credentials'],
        redirectUris: [],
        scopes: ['api'],
      });
      const cfg = await ctx.discover(machine);
      const res = await oidc.clientCredentialsGrant(cfg, { scope: 'api' });
      const claims = decodeJwt(res.access_token);
      expect(claims).toMatchObject({
        sub: machine.clientId,
        client_id: machine.clientId,
        typ: 'client',
        aud: 'opsledger-api',
        scope: 'api',
        roles: [],
      });
      expect(res.refresh_token).toBeUndefined();
      // Authenticated (not 401) but without the admin role.
      expect((await ctx.t.call('GET', '/api/v1/oauth/clients', res.access_token)).statusCode).toBe(
        403,
      );
      expect((await oidc.tokenIntrospection(cfg, res.access_token)).active).toBe(true);
      await expect(
        oidc.clientCredentialsGrant(cfg, { resource: 'https://elsewhere.example.com' }),
      ).rejects.toMatchObject({ error: 'invalid_target' });
      await expect(oidc.clientCredentialsGrant(cfg, { scope: 'openid' })).rejects.toMatchObject({
        error: 'invalid_scope',
      });
    });

    it('a client without the grant is unauthorized_client', async () => {
      await expect(oidc.clientCredentialsGrant(config)).rejects.toMatchObject({
        error: 'unauthorized_client',
      });
    });
  });

  describe('audience (RFC 8707)', () => {
    it('issues a token for a requested resource, which the OpsLedger API then refuses', async () => {
      const reports = await ctx.register({
        isFirstParty: true,
        audience: ['opsledger-api', 'https://reports.example.com'],
      });
      const cfg = await ctx.discover(reports);
      const { tokens } = await obtainTokens(ctx, cfg, user, {
        resource: 'https://reports.example.com',
      });
      expect(decodeJwt(tokens.access_token).aud).toBe('https://reports.example.com');
      expect((await ctx.t.call('GET', '/api/v1/me', tokens.access_token)).statusCode).toBe(401);
      const denied = new URL(
        (
          await new PageDriver(ctx).go(
            'GET',
            (await authorizationUrl(cfg, { resource: 'https://evil.example.com' })).url.href,
          )
        ).url,
      );
      expect(denied.searchParams.get('error')).toBe('invalid_target');
    });
  });

  describe('introspection, revocation, userinfo', () => {
    it('introspection needs a confidential client and shows a client only its own tokens', async () => {
      const { tokens } = await obtainTokens(ctx, config, user);
      const other = await ctx.register({ isFirstParty: true });
      expect(
        (await oidc.tokenIntrospection(await ctx.discover(other), tokens.access_token)).active,
      ).toBe(false);
      const spa = await ctx.register({ tokenEndpointAuthMethod: 'none' });
      const res = await postForm(ctx, '/oauth/introspect', {
        token: tokens.access_token,
        client_id: spa.clientId,
      });
      expectOAuthError(res, 401, 'invalid_client');
      const unauthenticated = await postForm(ctx, '/oauth/introspect', {
        token: tokens.access_token,
      });
      expectOAuthError(unauthenticated, 401, 'invalid_client');
      expect((await oidc.tokenIntrospection(config, 'not-a-token')).active).toBe(false);
    });

    it('revocation of another client’s token changes nothing; an access token can be revoked alone', async () => {
      const { tokens } = await obtainTokens(ctx, config, user);
      const other = await ctx.register({ isFirstParty: true });
      await oidc.tokenRevocation(await ctx.discover(other), tokens.refresh_token!);
      expect((await oidc.tokenIntrospection(config, tokens.refresh_token!)).active).toBe(true);
      await oidc.tokenRevocation(config, tokens.access_token);
      expect((await oidc.tokenIntrospection(config, tokens.access_token)).active).toBe(false);
      expect((await oidc.tokenIntrospection(config, tokens.refresh_token!)).active).toBe(true);
      const wrong = await postForm(
        ctx,
        '/oauth/revoke',
        { token: tokens.refresh_token! },
        { authorization: basic(client.clientId, 'nope') },
      );
      expectOAuthError(wrong, 401, 'invalid_client');
    });

    it('userinfo needs a live token with openid', async () => {
      const { tokens } = await obtainTokens(ctx, config, user, { scope: 'profile api' });
      const noOpenid = await fetch(`${ctx.base}/oauth/userinfo`, {
        headers: { authorization: `Bearer ${tokens.access_token}` },
      });
      expect(noOpenid.status).toBe(403);
      expect(noOpenid.headers.get('www-authenticate')).toContain('insufficient_scope');
      const garbage = await fetch(`${ctx.base}/oauth/userinfo`, {
        headers: { authorization: 'Bearer abc.def.ghi' },
      });
      expect(garbage.status).toBe(401);
      expect(garbage.headers.get('www-authenticate')).toContain('invalid_token');
      const platformToken = await ctx.t.login(user.email, user.password);
      expect(
        (
          await fetch(`${ctx.base}/oauth/userinfo`, {
            headers: { authorization: `Bearer ${platformToken.accessToken}` },
          })
        ).status,
      ).toBe(401);
    });
  });
});
