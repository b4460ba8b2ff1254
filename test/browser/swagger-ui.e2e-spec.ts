import type { Browser } from 'playwright-core';
import { launchChromium } from '../support/browser';
import { ADMIN_EMAIL, ADMIN_PASSWORD, createTestApp, TestApp } from '../support/test-app';

/** Swagger UI in a real browser: the page renders and "Try it out" reaches the API. */
describe('Swagger UI in Chromium', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    t = await createTestApp();
    await t.app.listen(0, '127.0.0.1');
    base = (await t.app.getUrl()).replace('[::1]', '127.0.0.1');
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await t.close();
  });

  it('logs in through "Try it out" on POST /api/v1/auth/login', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    await page.goto(`${base}/docs`);
    const login = page.locator('#operations-auth-AuthController_login');
    await login.locator('.opblock-summary').click();
    await login.getByRole('button', { name: 'Try it out' }).click();
    await login
      .locator('textarea.body-param__text')
      .fill(JSON.stringify({ login: ADMIN_EMAIL, password: ADMIN_PASSWORD }));
    await login.getByRole('button', { name: 'Execute' }).click();
    const status = login.locator('.live-responses-table tr.response .response-col_status').first();
    await status.waitFor();
    expect((await status.textContent())?.trim()).toBe('200');
    expect(
      await login.locator('.live-responses-table .microlight').first().textContent(),
    ).toContain('accessToken');
    expect(errors.filter((e) => /Content Security Policy|Refused/i.test(e))).toEqual([]);
    await page.close();
  });
});
