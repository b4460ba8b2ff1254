import { superuserClient } from '@opsledger/testing';
import { Writable } from 'node:stream';
import type { Browser, Page } from 'playwright-core';
import { Mailer } from '../../src/modules/identity/application/mailer.port';
import { LogMailer } from '../../src/modules/identity/infrastructure/mail/log.mailer';
import { launchChromium } from '../support/browser';
import { createTestApp, TestApp } from '../support/test-app';

/**
 * Issue 10: the verification and password-reset mails linked to /verify-email?token= and
 * /reset-password?token=, which did not exist. The pages exist now: a GET shows a form (mail
 * scanners prefetch links, so a GET completes nothing), the button completes the action, the
 * token stays out of the log and of any Referer, and the CSP blocks nothing the page uses.
 */
describe('verification and password-reset pages in Chromium', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;
  let admin: string;
  const lines: string[] = [];

  beforeAll(async () => {
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString('utf8'));
        done();
      },
    });
    // production's mailer does not log links; the development one does (it stands in for mail)
    t = await createTestApp({ LOG_LEVEL: 'info' }, { logDestination: sink });
    await t.app.listen(0, '127.0.0.1');
    base = (await t.app.getUrl()).replace('[::1]', '127.0.0.1');
    browser = await launchChromium();
    admin = await t.loginAsAdmin();
  });
  afterAll(async () => {
    await browser?.close();
    await t.close();
  });

  const outbox = () => (t.app.get(Mailer) as LogMailer).outbox;
  /** The mail's link on this test server (PUBLIC_URL is not this listener's port). */
  const linkFor = (email: string) => {
    const link = new URL(
      outbox()
        .filter((m) => m.to === email)
        .pop()?.link ?? 'http://x/',
    );
    return { url: `${base}${link.pathname}${link.search}`, token: link.searchParams.get('token')! };
  };
  const watch = (page: Page) => {
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(e.message));
    // (a refused form answers 4xx on purpose; Chromium reports that as a console error too)
    page.on('console', (m) => {
      if (m.type() === 'error' && !m.text().startsWith('Failed to load resource'))
        problems.push(m.text());
    });
    return problems;
  };
  const db = async <T>(sql: string, params: unknown[]): Promise<T> => {
    const c = await superuserClient(t.db.url);
    try {
      return (await c.query(sql, params)).rows[0] as T;
    } finally {
      await c.end();
    }
  };
  /** Log lines written since `from`, minus the development mailer's own line with the link. */
  const logSince = (from: number) =>
    lines
      .slice(from)
      .filter((l) => !l.includes('development mail (not sent)'))
      .join('');

  it('confirms an email address on the button press, not on opening the link', async () => {
    const email = `verify-${Date.now()}@example.com`;
    const created = await t.call('POST', '/api/v1/users', admin, {
      email,
      password: 'a-long-enough-password',
      emailVerified: false,
    });
    expect(created.statusCode).toBe(201);
    const userId = (created.json() as { id: string }).id;
    const session = await t.login(email, 'a-long-enough-password');
    expect(
      (await t.call('POST', '/api/v1/me/email-verification', session.accessToken)).statusCode,
    ).toBe(202);
    const { url, token } = linkFor(email);
    expect(new URL(url).pathname).toBe('/verify-email');
    const from = lines.length;

    const page = await browser.newPage();
    const problems = watch(page);
    const response = await page.goto(url);
    expect(response?.status()).toBe(200);
    const headers = response!.headers();
    expect(headers['referrer-policy']).toBe('no-referrer');
    expect(headers['content-security-policy']).toContain("default-src 'none'");
    expect(headers['content-security-policy']).not.toContain('unsafe-inline');
    expect(headers['cache-control']).toBe('no-store');
    await page.getByRole('heading', { name: 'Confirm your email address' }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    // opening the link (what a mail scanner does) changed nothing
    expect(
      (await db<{ v: boolean }>(`SELECT is_email_verified AS v FROM users WHERE id = $1`, [userId]))
        .v,
    ).toBe(false);

    const [post] = await Promise.all([
      page.waitForRequest((r) => r.method() === 'POST'),
      page.getByRole('button', { name: 'Confirm my email address' }).click(),
    ]);
    // the token goes in the body; the POST's URL and Referer carry none
    expect(post.url()).toBe(`${base}/verify-email`);
    expect(post.headers()['referer']).toBeUndefined();
    await page.getByRole('heading', { name: 'Email address confirmed' }).waitFor();
    expect(
      (await db<{ v: boolean }>(`SELECT is_email_verified AS v FROM users WHERE id = $1`, [userId]))
        .v,
    ).toBe(true);

    // the link is single-use
    await page.goto(url);
    await page.getByRole('button', { name: 'Confirm my email address' }).click();
    await page.getByRole('alert').waitFor();
    expect(await page.getByRole('alert').textContent()).toContain('not valid');
    expect(problems).toEqual([]);
    expect(logSince(from)).not.toContain(token);
    await page.close();
  });

  it('sets a new password that the policy accepts, with the rule shown for one it refuses', async () => {
    const user = await t.createUser(admin);
    expect(
      (await t.call('POST', '/api/v1/auth/password-reset', null, { email: user.email })).statusCode,
    ).toBe(202);
    const { url, token } = linkFor(user.email);
    expect(new URL(url).pathname).toBe('/reset-password');
    const from = lines.length;

    const page = await browser.newPage();
    const problems = watch(page);
    const response = await page.goto(url);
    expect(response?.headers()['referrer-policy']).toBe('no-referrer');
    await page.getByRole('heading', { name: 'Choose a new password' }).waitFor();

    await page.getByLabel('New password', { exact: true }).fill('too-short');
    await page.getByLabel('Repeat the new password').fill('too-short');
    await page.getByRole('button', { name: 'Set the new password' }).click();
    await page.getByRole('alert').waitFor();
    expect(await page.getByRole('alert').textContent()).toContain('at least 12 characters');

    await page.getByLabel('New password', { exact: true }).fill('a-fresh-password-2026');
    await page.getByLabel('Repeat the new password').fill('a-different-one-2026');
    await page.getByRole('button', { name: 'Set the new password' }).click();
    await page.getByRole('alert').waitFor();
    expect(await page.getByRole('alert').textContent()).toContain('not the same');

    await page.getByLabel('New password', { exact: true }).fill('a-fresh-password-2026');
    await page.getByLabel('Repeat the new password').fill('a-fresh-password-2026');
    await page.getByRole('button', { name: 'Set the new password' }).click();
    await page.getByRole('heading', { name: 'Password changed' }).waitFor();

    await t.login(user.email, 'a-fresh-password-2026');
    await expect(t.login(user.email, user.password)).rejects.toThrow(/401/);
    expect(problems).toEqual([]);
    const log = logSince(from);
    expect(log).not.toContain(token);
    expect(log).not.toContain('a-fresh-password-2026');
    await page.close();
  });

  it('answers a link without a valid token with a page that says so', async () => {
    const page = await browser.newPage();
    for (const path of ['/verify-email', '/reset-password?token=%3Cscript%3E']) {
      const response = await page.goto(`${base}${path}`);
      expect(response?.status()).toBe(400);
      expect(await page.getByRole('alert').textContent()).toContain('not valid');
    }
    await page.close();
  });
});
