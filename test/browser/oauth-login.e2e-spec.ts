import * as oidc from 'openid-client';
import { decodeJwt } from 'jose';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { Browser, chromium } from 'playwright-core';
import { createOAuthTestContext, OAuthTestContext } from '../oauth/oauth-fixture';
import { CHROMIUM_PATH } from '../support/browser';

/**
 * A relying party as a newcomer would write it: openid-client pointed at the issuer URL,
 * a /login route that redirects to the provider and a /callback that redeems the code.
 * Chromium reaches the issuer's host name (opsledger.test) through a host-resolver rule.
 */
describe('OAuth sign-in in Chromium (login, consent, back to the client)', () => {
  let ctx: OAuthTestContext;
  let browser: Browser;
  let rp: Server;
  let rpBase: string;
  let config: oidc.Configuration;
  const pending = new Map<string, { verifier: string; nonce: string }>();
  let result: {
    tokens: oidc.TokenEndpointResponse & oidc.TokenEndpointResponseHelpers;
    userinfo: oidc.UserInfoResponse;
  } | null = null;

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', rpBase);
    if (url.pathname === '/login') {
      const verifier = oidc.randomPKCECodeVerifier();
      const state = oidc.randomState();
      const nonce = oidc.randomNonce();
      pending.set(state, { verifier, nonce });
      const target = oidc.buildAuthorizationUrl(config, {
        redirect_uri: `${rpBase}/callback`,
        scope: 'openid profile email offline_access api',
        code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
        code_challenge_method: 'S256',
        state,
        nonce,
      });
      res.writeHead(302, { location: target.href }).end();
      return;
    }
    if (url.pathname === '/callback') {
      const state = url.searchParams.get('state') ?? '';
      const checks = pending.get(state);
      if (!checks) {
        res.writeHead(400, { 'content-type': 'text/html' }).end('<p>unknown state</p>');
        return;
      }
      const tokens = await oidc.authorizationCodeGrant(config, url, {
        pkceCodeVerifier: checks.verifier,
        expectedState: state,
        expectedNonce: checks.nonce,
        idTokenExpected: true,
      });
      const userinfo = await oidc.fetchUserInfo(config, tokens.access_token, tokens.claims()!.sub);
      result = { tokens, userinfo };
      res
        .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
        .end(
          `<!doctype html><html lang="en"><title>RP</title><h1>Signed in as ${String(userinfo.email)}</h1></html>`,
        );
      return;
    }
    res.writeHead(404).end();
  };

  beforeAll(async () => {
    ctx = await createOAuthTestContext();
    rp = createServer((req, res) => {
      handle(req, res).catch((error: unknown) => res.writeHead(500).end(String(error)));
    });
    await new Promise<void>((resolve) => rp.listen(0, '127.0.0.1', resolve));
    rpBase = `http://127.0.0.1:${(rp.address() as AddressInfo).port}`;
    const client = await ctx.register({
      name: 'Newcomer app',
      redirectUris: [`${rpBase}/callback`],
    });
    config = await ctx.discover(client);
    const appPort = new URL(ctx.base).port;
    browser = await chromium.launch({
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        `--host-resolver-rules=MAP opsledger.test 127.0.0.1:${appPort}`,
      ],
    });
  });
  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => rp?.close(resolve));
    await ctx?.close();
  });

  it('signs in, consents, lands back at the client with tokens that work on the API, all in the audit trail', async () => {
    const user = await ctx.t.createUser(ctx.admin, { fullName: 'Nina Newcomer' });
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(m.text());
    });

    await page.goto(`${rpBase}/login`);
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    expect(await page.getByText('Newcomer app').count()).toBeGreaterThan(0);

    await page.getByLabel('Email or username').fill(user.email);
    await page.getByLabel('Password').fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').waitFor();
    expect(await page.getByRole('alert').textContent()).toContain('not right');

    await page.getByLabel('Password').fill(user.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Allow access?' }).waitFor();
    expect(await page.getByText('See your email address').count()).toBe(1);
    await page.getByRole('button', { name: 'Allow' }).click();

    await page.getByRole('heading', { name: `Signed in as ${user.email}` }).waitFor();
    expect(page.url().startsWith(`${rpBase}/callback?`)).toBe(true);
    expect(problems.filter((p) => /Content Security Policy|Refused/i.test(p))).toEqual([]);

    expect(result).not.toBeNull();
    const { tokens, userinfo } = result!;
    expect(tokens.claims()).toMatchObject({
      sub: user.id,
      name: 'Nina Newcomer',
      email: user.email,
    });
    expect(userinfo).toMatchObject({ sub: user.id, email: user.email });
    expect(decodeJwt(tokens.access_token)).toMatchObject({ sub: user.id, aud: 'opsledger-api' });
    const me = await ctx.t.call('GET', '/api/v1/me', tokens.access_token);
    expect(me.statusCode).toBe(200);
    expect(me.json().email).toBe(user.email);

    await ctx.t.project();
    const trail = await ctx.t.call(
      'GET',
      `/api/v1/audit/events?actorId=${user.id}&limit=100`,
      ctx.admin,
    );
    expect(trail.statusCode).toBe(200);
    const resources = trail
      .json()
      .items.map((e: { resourceType: string; action: string }) => `${e.resourceType}:${e.action}`);
    expect(resources).toEqual(
      expect.arrayContaining([
        'oauth-session:started',
        'oauth-consent:granted',
        'oauth-authorization-code:issued',
        'user:logged-in',
      ]),
    );
    const clientTrail = await ctx.t.call(
      'GET',
      `/api/v1/audit/events?resourceType=oauth-token-family&limit=100`,
      ctx.admin,
    );
    expect(clientTrail.json().items.map((e: { action: string }) => e.action)).toContain('started');
    await page.close();
  });
});
