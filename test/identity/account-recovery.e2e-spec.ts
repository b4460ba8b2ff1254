import { superuserClient } from '@opsledger/testing';
import { Mailer } from '../../src/modules/identity/application/mailer.port';
import { LogMailer } from '../../src/modules/identity/infrastructure/mail/log.mailer';
import { createTestApp, TestApp } from '../support/test-app';

describe('email verification and password reset (e2e)', () => {
  let t: TestApp;
  let admin: string;
  let outbox: LogMailer['outbox'];
  const tokenOf = (link?: string) => new URL(link ?? '').searchParams.get('token') ?? '';

  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.loginAsAdmin();
    outbox = (t.app.get(Mailer) as LogMailer).outbox;
  });
  afterAll(() => t.close());

  it('resets a password with a single-use token and ends every session', async () => {
    const u = await t.createUser(admin);
    const s = await t.login(u.email, u.password);
    expect(
      (await t.call('POST', '/api/v1/auth/password-reset', null, { email: u.email.toUpperCase() }))
        .statusCode,
    ).toBe(202);
    const mail = outbox.filter((m) => m.to === u.email).pop();
    const token = tokenOf(mail?.link);
    expect(token).toHaveLength(43);
    const c = await superuserClient(t.db.url);
    const stored = await c.query(`SELECT token_hash FROM user_action_tokens WHERE user_id = $1`, [
      u.id,
    ]);
    await c.end();
    expect(stored.rows[0].token_hash).not.toContain(token);
    const ok = await t.call('POST', '/api/v1/auth/password-reset/confirm', null, {
      token,
      newPassword: 'recovered-password-1',
    });
    expect(ok.statusCode).toBe(204);
    expect(
      (await t.call('POST', '/api/v1/auth/refresh', null, { refreshToken: s.refreshToken }))
        .statusCode,
    ).toBe(401);
    await t.login(u.email, 'recovered-password-1');
    const again = await t.call('POST', '/api/v1/auth/password-reset/confirm', null, {
      token,
      newPassword: 'another-password-2',
    });
    expect(again.statusCode).toBe(400);
    expect(again.json().errors[0].field).toBe('token');
  });

  it('answers 202 for unknown addresses and sends nothing', async () => {
    const before = outbox.length;
    expect(
      (await t.call('POST', '/api/v1/auth/password-reset', null, { email: 'ghost@nowhere.test' }))
        .statusCode,
    ).toBe(202);
    expect(outbox.length).toBe(before);
  });

  it('verifies an email address', async () => {
    const res = await t.call('POST', '/api/v1/users', admin, {
      email: 'unverified@test.opsledger',
      password: 'a-long-enough-password',
    });
    const id = res.json().id;
    const s = await t.login('unverified@test.opsledger', 'a-long-enough-password');
    expect((await t.call('POST', '/api/v1/me/email-verification', s.accessToken)).statusCode).toBe(
      202,
    );
    const token = tokenOf(outbox.filter((m) => m.to === 'unverified@test.opsledger').pop()?.link);
    expect(
      (await t.call('POST', '/api/v1/auth/verify-email', null, { token: 'x'.repeat(43) }))
        .statusCode,
    ).toBe(400);
    expect((await t.call('POST', '/api/v1/auth/verify-email', null, { token })).statusCode).toBe(
      204,
    );
    const user = (await t.call('GET', `/api/v1/users/${id}`, admin)).json();
    expect(user.isEmailVerified).toBe(true);
    expect((await t.call('POST', '/api/v1/me/email-verification', s.accessToken)).statusCode).toBe(
      409,
    );
  });

  it('rejects bad input with 400 problems', async () => {
    expect(
      (await t.call('POST', '/api/v1/auth/password-reset', null, { email: 'nope' })).json()
        .errors[0].field,
    ).toBe('email');
    const short = await t.call('POST', '/api/v1/auth/password-reset/confirm', null, {
      token: 'x'.repeat(43),
      newPassword: 'short',
    });
    expect(short.statusCode).toBe(400);
    expect(short.json().errors[0].field).toBe('newPassword');
  });
});
