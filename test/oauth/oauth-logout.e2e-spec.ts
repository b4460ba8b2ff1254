import * as oidc from 'openid-client';
import { ISSUER } from '../support/test-app';
import {
  createOAuthTestContext,
  obtainTokens,
  OAuthTestContext,
  PageDriver,
  POST_LOGOUT_URI,
  RegisteredClient,
} from './oauth-fixture';

describe('RP-initiated logout (e2e)', () => {
  let ctx: OAuthTestContext;
  let user: { id: string; email: string; password: string };
  let client: RegisteredClient;
  let config: oidc.Configuration;

  beforeAll(async () => {
    ctx = await createOAuthTestContext();
    user = await ctx.t.createUser(ctx.admin);
    client = await ctx.register({ isFirstParty: true });
    config = await ctx.discover(client);
  });
  afterAll(() => ctx.close());

  it('ends the session’s tokens but keeps offline_access ones, and goes back with state', async () => {
    const driver = new PageDriver(ctx);
    const online = await obtainTokens(ctx, config, user, { scope: 'openid api' }, driver);
    const offline = await obtainTokens(
      ctx,
      config,
      user,
      { scope: 'openid offline_access' },
      driver,
    );
    const end = oidc.buildEndSessionUrl(config, {
      id_token_hint: online.tokens.id_token!,
      post_logout_redirect_uri: POST_LOGOUT_URI,
      state: 's',
    });
    expect((await driver.go('GET', end.href)).url).toBe(`${POST_LOGOUT_URI}?state=s`);
    expect((await oidc.tokenIntrospection(config, online.tokens.access_token)).active).toBe(false);
    expect((await oidc.tokenIntrospection(config, offline.tokens.refresh_token!)).active).toBe(
      true,
    );
    // The next authorization asks to sign in again.
    const again = oidc.buildAuthorizationUrl(config, {
      redirect_uri: 'http://127.0.0.1:9/callback',
      scope: 'openid',
      state: 'x',
    });
    const next = await driver.go('GET', again.href);
    expect(next.html).toContain('action="/oauth/interaction/login"');
  });

  it('without an id_token_hint asks the user to confirm, with CSRF protection', async () => {
    const driver = new PageDriver(ctx);
    await obtainTokens(ctx, config, user, { scope: 'openid' }, driver);
    const page = await driver.go('GET', `${ISSUER}/oauth/logout`);
    expect(page.status).toBe(200);
    expect(page.html).toContain('Sign out?');
    expect(driver.cookies.has('opsledger_op_session')).toBe(true);
    const forged = await driver.go('POST', '/oauth/logout', { csrf: 'A'.repeat(43) });
    expect(forged.html).toContain('Sign out?');
    expect(driver.cookies.has('opsledger_op_session')).toBe(true);
    const done = await driver.submit(page, {});
    expect(done.html).toContain('You are signed out');
    expect(driver.cookies.has('opsledger_op_session')).toBe(false);
  });

  it('refuses an unregistered post_logout_redirect_uri and a forged id_token_hint with a page, not a redirect', async () => {
    const { tokens } = await obtainTokens(ctx, config, user, { scope: 'openid' });
    const driver = new PageDriver(ctx);
    const unregistered = await driver.request(
      'GET',
      oidc.buildEndSessionUrl(config, {
        id_token_hint: tokens.id_token!,
        post_logout_redirect_uri: 'https://evil.example/',
      }).href,
    );
    expect(unregistered.status).toBe(400);
    expect(unregistered.headers.get('location')).toBeNull();
    const [h, p] = tokens.id_token!.split('.');
    const forged = await driver.request(
      'GET',
      `${ISSUER}/oauth/logout?id_token_hint=${h}.${p}.AAAA&post_logout_redirect_uri=${encodeURIComponent(POST_LOGOUT_URI)}`,
    );
    expect(forged.status).toBe(400);
    const accessAsHint = await driver.request(
      'GET',
      `${ISSUER}/oauth/logout?id_token_hint=${tokens.access_token}`,
    );
    expect(accessAsHint.status).toBe(400);
  });
});
