import * as oidc from 'openid-client';
import { superuserClient } from '@opsledger/testing';
import { InteractionCodec } from '../../src/modules/oauth/application/interaction';
import { ISSUER } from '../support/test-app';
import {
  authorizationUrl,
  createOAuthTestContext,
  hiddenFields,
  OAuthTestContext,
  PageDriver,
  REDIRECT_URI,
  RegisteredClient,
  signIn,
} from './oauth-fixture';

describe('OAuth authorization endpoint and sign-in pages (e2e)', () => {
  let ctx: OAuthTestContext;
  let user: { id: string; email: string; password: string };
  let client: RegisteredClient;
  let config: oidc.Configuration;

  const raw = (params: Record<string, string>) =>
    `${ISSUER}/oauth/authorize?${new URLSearchParams({ client_id: client.clientId, redirect_uri: REDIRECT_URI, response_type: 'code', scope: 'openid', state: 'st-1', ...params }).toString()}`;
  const back = async (url: string, driver = new PageDriver(ctx)) =>
    new URL((await driver.go('GET', url)).url);
  const sessions = async () => {
    const c = await superuserClient(ctx.t.db.url);
    const n = (await c.query(`SELECT count(*)::int AS n FROM oauth_sessions`)).rows[0].n as number;
    await c.end();
    return n;
  };

  beforeAll(async () => {
    ctx = await createOAuthTestContext();
    user = await ctx.t.createUser(ctx.admin);
    client = await ctx.register();
    config = await ctx.discover(client);
  });
  afterAll(() => ctx.close());

  describe('errors before the client is trusted are shown, never redirected', () => {
    it.each([
      ['an unknown client', { client_id: 'ocl_nobody' }],
      ['no redirect_uri', { redirect_uri: '' }],
      ['another path', { redirect_uri: `${REDIRECT_URI}/x` }],
      ['a trailing slash', { redirect_uri: `${REDIRECT_URI}/` }],
      ['another port', { redirect_uri: REDIRECT_URI.replace(':9/', ':10/') }],
      ['another host spelling', { redirect_uri: REDIRECT_URI.replace('127.0.0.1', 'localhost') }],
      ['an extra query', { redirect_uri: `${REDIRECT_URI}?next=/admin` }],
    ])('%s: a 400 page', async (_name, params) => {
      const driver = new PageDriver(ctx);
      const res = await driver.request('GET', raw(params));
      expect(res.status).toBe(400);
      expect(res.headers.get('location')).toBeNull();
      expect(res.headers.get('content-type')).toContain('text/html');
      expect(await res.text()).toContain('<html lang="en">');
    });
  });

  describe('errors after it are sent back to the client with state and iss', () => {
    it.each([
      ['implicit (response_type=token)', { response_type: 'token' }, 'unsupported_response_type'],
      ['hybrid (code id_token)', { response_type: 'code id_token' }, 'unsupported_response_type'],
      ['no response_type', { response_type: '' }, 'invalid_request'],
      [
        'plain PKCE',
        { code_challenge: 'x'.repeat(43), code_challenge_method: 'plain' },
        'invalid_request',
      ],
      [
        'PKCE without a method (plain by default)',
        { code_challenge: 'x'.repeat(43) },
        'invalid_request',
      ],
      [
        'a malformed challenge',
        { code_challenge: 'short', code_challenge_method: 'S256' },
        'invalid_request',
      ],
      ['no scope', { scope: '' }, 'invalid_scope'],
      ['only unknown scopes', { scope: 'admin root' }, 'invalid_scope'],
      ['a request object', { request: 'eyJ' }, 'request_not_supported'],
      ['an unknown resource', { resource: 'https://elsewhere.example.com' }, 'invalid_target'],
      ['response_mode fragment', { response_mode: 'fragment' }, 'invalid_request'],
    ])('%s', async (_name, params, error) => {
      const url = await back(raw(params));
      expect(url.origin + url.pathname).toBe(REDIRECT_URI);
      expect(url.searchParams.get('error')).toBe(error);
      expect(url.searchParams.get('state')).toBe('st-1');
      expect(url.searchParams.get('iss')).toBe(ISSUER);
      expect(url.searchParams.get('code')).toBeNull();
    });

    it('prompt=none without a session is login_required; with one but no consent, consent_required', async () => {
      expect((await back(raw({ prompt: 'none' }))).searchParams.get('error')).toBe(
        'login_required',
      );
      const driver = new PageDriver(ctx);
      let page = await driver.go('GET', raw({}));
      page = await driver.submit(page, { login: user.email, password: user.password });
      expect(page.html).toContain('action="/oauth/interaction/consent"');
      const silent = await back(raw({ prompt: 'none' }), driver);
      expect(silent.searchParams.get('error')).toBe('consent_required');
    });
  });

  describe('the sign-in page', () => {
    it('is an accessible form with CSRF protection and a policy that lets the form end at the client', async () => {
      const driver = new PageDriver(ctx);
      const res = await driver.request('GET', raw({}));
      expect(res.status).toBe(302);
      const page = await driver.request('GET', res.headers.get('location')!);
      const html = await page.text();
      expect(page.status).toBe(200);
      expect(page.headers.get('cache-control')).toBe('no-store');
      expect(page.headers.get('content-security-policy')).toContain(
        "form-action 'self' http://127.0.0.1:9",
      );
      expect(page.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
      expect(html).toContain('<html lang="en">');
      expect(html).toMatch(
        /<label for="login">[^<]+<\/label>\s*<input id="login" name="login" type="text" autocomplete="username"/,
      );
      expect(html).toMatch(
        /<label for="password">Password<\/label>\s*<input id="password" name="password" type="password" autocomplete="current-password"/,
      );
      expect(hiddenFields(html).csrf).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(html).toContain('Test RP');
      const cookie = res.headers.getSetCookie().find((c) => c.startsWith('opsledger_op_browser='))!;
      expect(cookie).toMatch(/HttpOnly/);
      expect(cookie).toMatch(/SameSite=Lax/);
      expect(cookie).toMatch(/Path=\/oauth/);
    });

    it('answers a wrong password and an unknown account with the same generic message, and starts no session', async () => {
      const before = await sessions();
      const driver = new PageDriver(ctx);
      const page = await driver.go('GET', raw({}));
      const wrong = await driver.submit(page, { login: user.email, password: 'not-the-password' });
      const unknown = await driver.submit(page, {
        login: 'nobody@test.opsledger',
        password: 'not-the-password',
      });
      expect(wrong.status).toBe(401);
      expect(unknown.status).toBe(401);
      const message = (html: string) =>
        /<p class="error" role="alert" id="form-error">([^<]+)<\/p>/.exec(html)?.[1];
      expect(message(wrong.html)).toBeDefined();
      expect(message(wrong.html)).toBe(message(unknown.html));
      expect(wrong.html).toContain('aria-invalid="true"');
      expect(driver.cookies.has('opsledger_op_session')).toBe(false);
      expect(await sessions()).toBe(before);
      const c = await superuserClient(ctx.t.db.url);
      const refusals = (
        await c.query(
          `SELECT payload FROM event_store WHERE event_type = 'platform.request.refused.v1' AND payload->>'code' = 'AUTH.LOGIN_FAILED'`,
        )
      ).rows;
      await c.end();
      expect(refusals.length).toBeGreaterThanOrEqual(2);
    });

    it('throttles repeated failures per account (429 with Retry-After), like the API login', async () => {
      const victim = await ctx.t.createUser(ctx.admin);
      const driver = new PageDriver(ctx);
      const page = await driver.go('GET', raw({}));
      for (let i = 0; i < 5; i++)
        expect(
          (await driver.submit(page, { login: victim.email, password: 'wrong-password-x' })).status,
        ).toBe(401);
      const res = await driver.request('POST', '/oauth/interaction/login', {
        ...hiddenFields(page.html),
        login: victim.email,
        password: victim.password,
      });
      expect(res.status).toBe(429);
      expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(await res.text()).toContain('Too many attempts');
    });

    it('refuses a forged CSRF token (403 page with a way back), and sends a browser without its cookie back to the client', async () => {
      const driver = new PageDriver(ctx);
      const page = await driver.go('GET', raw({}));
      const forged = await driver.request('POST', '/oauth/interaction/login', {
        ...hiddenFields(page.html),
        csrf: 'A'.repeat(43),
        login: user.email,
        password: user.password,
      });
      expect(forged.status).toBe(403);
      expect(await forged.text()).toContain('/oauth/interaction/continue?interaction=');
      expect(driver.cookies.has('opsledger_op_session')).toBe(false);

      const stranger = new PageDriver(ctx);
      const lost = await stranger.go('POST', '/oauth/interaction/login', {
        ...hiddenFields(page.html),
        login: user.email,
        password: user.password,
      });
      const url = new URL(lost.url);
      expect(url.searchParams.get('error')).toBe('access_denied');
      expect(url.searchParams.get('state')).toBe('st-1');
    });

    it('sends an expired interaction back to the client with access_denied, and shows a forged one as a page', async () => {
      const codec = ctx.t.app.get(InteractionCodec);
      const now = Math.floor(Date.now() / 1000);
      const sealed = codec.seal({
        iid: 'i-1',
        cid: client.clientId,
        ruri: REDIRECT_URI,
        st: 'late',
        sc: ['openid'],
        aud: ['opsledger-api'],
        pr: [],
        iat: now - 700,
        exp: now - 100,
      });
      for (const path of ['login', 'consent', 'tenant', 'continue']) {
        const url = new URL(
          (
            await new PageDriver(ctx).go(
              'GET',
              `/oauth/interaction/${path}?interaction=${encodeURIComponent(sealed)}`,
            )
          ).url,
        );
        expect([url.searchParams.get('error'), url.searchParams.get('state')]).toEqual([
          'access_denied',
          'late',
        ]);
      }
      const driver = new PageDriver(ctx);
      const page = await driver.go('GET', raw({}));
      const posted = new URL(
        (
          await driver.go('POST', '/oauth/interaction/login', {
            ...hiddenFields(page.html),
            interaction: sealed,
            login: user.email,
            password: user.password,
          })
        ).url,
      );
      expect(posted.searchParams.get('error')).toBe('access_denied');
      const forged = await new PageDriver(ctx).go(
        'GET',
        `/oauth/interaction/login?interaction=${encodeURIComponent(sealed.slice(0, -2))}xx`,
      );
      expect(forged.status).toBe(400);
      expect(forged.html).toContain('role="alert"');
    });

    it('lets the user cancel, back to the client with access_denied', async () => {
      const driver = new PageDriver(ctx);
      const page = await driver.go('GET', raw({}));
      const cancel = /href="(\/oauth\/interaction\/cancel\?[^"]+)"/
        .exec(page.html)![1]
        .replace(/&amp;/g, '&');
      const url = new URL((await driver.go('GET', cancel)).url);
      expect(url.searchParams.get('error')).toBe('access_denied');
      expect(url.searchParams.get('iss')).toBe(ISSUER);
    });

    it('prefills login_hint and forces a new sign-in with prompt=login', async () => {
      const driver = new PageDriver(ctx);
      const hinted = await driver.go('GET', raw({ login_hint: user.email }));
      expect(hinted.html).toContain(`value="${user.email}"`);
      const first = await driver.submit(hinted, { login: user.email, password: user.password });
      expect(first.html).toContain('action="/oauth/interaction/consent"');
      const again = await driver.go('GET', raw({ prompt: 'login' }));
      expect(again.html).toContain('action="/oauth/interaction/login"');
    });
  });

  describe('consent', () => {
    it('denying it sends access_denied back to the client and issues no code', async () => {
      const driver = new PageDriver(ctx);
      const run = await authorizationUrl(config);
      let page = await driver.go('GET', run.url.href);
      page = await driver.submit(page, { login: user.email, password: user.password });
      expect(page.html).toContain('Allow access?');
      const url = new URL((await driver.submit(page, { decision: 'deny' })).url);
      expect(url.searchParams.get('error')).toBe('access_denied');
      expect(url.searchParams.get('state')).toBe(run.state);
      expect(url.searchParams.get('code')).toBeNull();
    });

    it('lists the requested scopes in words', async () => {
      const driver = new PageDriver(ctx);
      let page = await driver.go('GET', (await authorizationUrl(config)).url.href);
      page = await driver.submit(page, { login: user.email, password: user.password });
      expect(page.html).toContain('See your email address');
      expect(page.html).toContain('Use the OpsLedger API on your behalf');
      expect(page.html).toMatch(/<button type="submit" name="decision" value="allow"/);
    });
  });

  it('POST to the authorization endpoint works like GET', async () => {
    const run = await authorizationUrl(config);
    const driver = new PageDriver(ctx);
    const page = await driver.go(
      'POST',
      `${ISSUER}/oauth/authorize`,
      Object.fromEntries(run.url.searchParams),
    );
    expect(page.html).toContain('action="/oauth/interaction/login"');
    const callback = await signIn(driver, run.url, user);
    expect(callback.searchParams.get('code')).toBeTruthy();
  });
});
