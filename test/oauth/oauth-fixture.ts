import * as oidc from 'openid-client';
import { createTestApp, ISSUER, TestApp } from '../support/test-app';

export interface RegisteredClient {
  id: string;
  clientId: string;
  clientSecret: string | null;
}

export interface OAuthTestContext {
  t: TestApp;
  admin: string;
  /** Where the app listens (http://127.0.0.1:port); the issuer is still ISSUER. */
  base: string;
  /** fetch that reaches the issuer's URLs at the listening app. */
  fetch: typeof fetch;
  register(body?: Record<string, unknown>): Promise<RegisteredClient>;
  discover(client: RegisteredClient, auth?: 'basic' | 'post' | 'none'): Promise<oidc.Configuration>;
  close(): Promise<void>;
}

export const REDIRECT_URI = 'http://127.0.0.1:9/callback';
export const POST_LOGOUT_URI = 'http://127.0.0.1:9/signed-out';

/**
 * The app listening on 127.0.0.1 with its issuer still ISSUER (http://opsledger.test):
 * requests to the issuer are sent to the listening port, as a DNS entry would.
 */
export async function createOAuthTestContext(
  overrides: Record<string, string> = {},
): Promise<OAuthTestContext> {
  const t = await createTestApp(overrides);
  await t.app.listen(0, '127.0.0.1');
  const base = (await t.app.getUrl())
    .replace('[::1]', '127.0.0.1')
    .replace('localhost', '127.0.0.1');
  const admin = await t.loginAsAdmin();
  const local: typeof fetch = (input, init) => {
    const url = input instanceof Request ? input.url : String(input);
    const target = url.startsWith(ISSUER) ? base + url.slice(ISSUER.length) : url;
    return fetch(input instanceof Request ? new Request(target, input) : target, init);
  };
  return {
    t,
    admin,
    base,
    fetch: local,
    async register(body = {}) {
      const res = await t.call('POST', '/api/v1/oauth/clients', admin, {
        name: 'Test RP',
        redirectUris: [REDIRECT_URI],
        postLogoutRedirectUris: [POST_LOGOUT_URI],
        ...body,
      });
      if (res.statusCode !== 201) throw new Error(`register failed: ${res.statusCode} ${res.body}`);
      return res.json();
    },
    async discover(client, auth = 'basic') {
      const method =
        auth === 'none'
          ? oidc.None()
          : auth === 'post'
            ? oidc.ClientSecretPost(client.clientSecret ?? '')
            : oidc.ClientSecretBasic(client.clientSecret ?? '');
      return oidc.discovery(new URL(ISSUER), client.clientId, undefined, method, {
        execute: [oidc.allowInsecureRequests],
        [oidc.customFetch]: local,
      });
    },
    close: () => t.close(),
  };
}

interface Step {
  status: number;
  /** Where the browser ended: the page's URL, or the redirect that left the issuer. */
  url: string;
  html: string;
}

/**
 * A browser reduced to what the sign-in needs: a cookie jar, redirects followed while they
 * stay on the issuer, forms read from the HTML and posted back.
 */
export class PageDriver {
  readonly cookies = new Map<string, string>();
  sent: Array<{ method: string; url: string; status: number }> = [];

  constructor(private readonly ctx: Pick<OAuthTestContext, 'base'>) {}

  private local(url: string): string {
    if (url.startsWith('/')) return this.ctx.base + url;
    return url.startsWith(ISSUER) ? this.ctx.base + url.slice(ISSUER.length) : url;
  }

  private cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  async request(
    method: 'GET' | 'POST',
    url: string,
    form?: Record<string, string>,
  ): Promise<Response> {
    const res = await fetch(this.local(url), {
      method,
      redirect: 'manual',
      headers: {
        ...(this.cookies.size ? { cookie: this.cookieHeader() } : {}),
        ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      body: form ? new URLSearchParams(form).toString() : undefined,
    });
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attrs] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      if (attrs.some((a) => /max-age=0/i.test(a.trim())) || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    this.sent.push({ method, url, status: res.status });
    return res;
  }

  /** Requests, then follows redirects until a page is shown or the browser leaves for the client. */
  async go(method: 'GET' | 'POST', url: string, form?: Record<string, string>): Promise<Step> {
    let res = await this.request(method, url, form);
    let current = url;
    for (let hops = 0; hops < 10 && res.status >= 300 && res.status < 400; hops++) {
      const location = res.headers.get('location') ?? '';
      current = location.startsWith('/') ? ISSUER + location : location;
      if (!current.startsWith(ISSUER)) return { status: res.status, url: current, html: '' };
      res = await this.request('GET', current);
    }
    return { status: res.status, url: current, html: await res.text() };
  }

  /** Posts the page's form with its hidden fields plus `fields`. */
  submit(page: Step, fields: Record<string, string>): Promise<Step> {
    const action = /<form method="post" action="([^"]+)"/.exec(page.html)?.[1];
    if (!action) throw new Error(`no form on the page: ${page.html.slice(0, 500)}`);
    return this.go('POST', action, { ...hiddenFields(page.html), ...fields });
  }
}

export function hiddenFields(html: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const match of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) {
    fields[match[1]] = match[2]
      .replace(/&quot;/g, '"')
      .replace(/&#39;/g, "'")
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&amp;/g, '&');
  }
  return fields;
}

export interface AuthorizationRun {
  callback: URL;
  verifier: string;
  state: string;
  nonce: string;
}

/** Builds a standard authorization URL with PKCE, state and nonce, as a relying party would. */
export async function authorizationUrl(
  config: oidc.Configuration,
  params: Record<string, string> = {},
) {
  const verifier = oidc.randomPKCECodeVerifier();
  const state = oidc.randomState();
  const nonce = oidc.randomNonce();
  const url = oidc.buildAuthorizationUrl(config, {
    redirect_uri: REDIRECT_URI,
    scope: 'openid profile email offline_access api',
    code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state,
    nonce,
    ...params,
  });
  return { url, verifier, state, nonce };
}

/** Signs in (and consents, when asked) through the pages; returns where the browser was sent back to. */
export async function signIn(
  driver: PageDriver,
  url: URL | string,
  user: { email: string; password: string },
  opts: { tenantId?: string } = {},
): Promise<URL> {
  let step = await driver.go('GET', String(url));
  for (let i = 0; i < 5 && step.url.startsWith(ISSUER); i++) {
    if (step.html.includes('action="/oauth/interaction/login"'))
      step = await driver.submit(step, { login: user.email, password: user.password });
    else if (step.html.includes('action="/oauth/interaction/tenant"'))
      step = await driver.submit(step, { tenantId: opts.tenantId ?? '' });
    else if (step.html.includes('action="/oauth/interaction/consent"'))
      step = await driver.submit(step, { decision: 'allow' });
    else throw new Error(`unexpected page ${step.status} ${step.url}: ${step.html.slice(0, 800)}`);
  }
  return new URL(step.url);
}

/** Signs `user` in through the pages and redeems the code with openid-client. */
export async function obtainTokens(
  ctx: OAuthTestContext,
  config: oidc.Configuration,
  user: { email: string; password: string },
  params: Record<string, string> = {},
  driver = new PageDriver(ctx),
) {
  const run = await authorizationUrl(config, params);
  const callback = await signIn(driver, run.url, user);
  const openid = (params.scope ?? 'openid').split(' ').includes('openid');
  const tokens = await oidc.authorizationCodeGrant(config, callback, {
    pkceCodeVerifier: run.verifier,
    expectedState: run.state,
    ...(openid ? { expectedNonce: run.nonce, idTokenExpected: true } : {}),
  });
  return { tokens, run, callback, driver };
}

/** A raw form POST to a protocol endpoint, for the requests a well-behaved library refuses to send. */
export async function postForm(
  ctx: OAuthTestContext,
  path: string,
  form: Record<string, string>,
  headers: Record<string, string> = {},
) {
  const res = await fetch(ctx.base + path, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(form).toString(),
  });
  const text = await res.text();
  let json: any = null;
  try {
    json = JSON.parse(text);
  } catch {
    json = null;
  }
  return { status: res.status, headers: res.headers, json, text };
}

export const basic = (id: string, secret: string) =>
  `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString('base64')}`;
