import { superuserClient } from '@opsledger/testing';
import { randomUUID } from 'node:crypto';
import { Mailer } from '../../src/modules/identity/application/mailer.port';
import { LogMailer } from '../../src/modules/identity/infrastructure/mail/log.mailer';
import { createTestApp, TestApp } from '../support/test-app';

describe('self sign-up (e2e)', () => {
  let t: TestApp;
  let outbox: LogMailer['outbox'];
  const open = randomUUID();
  const closed = randomUUID();

  beforeAll(async () => {
    t = await createTestApp();
    outbox = (t.app.get(Mailer) as LogMailer).outbox;
    const c = await superuserClient(t.db.url);
    await c.query(
      `INSERT INTO tenants (id, name, slug, settings) VALUES ($1, 'Open', 'open-co', '{"selfSignup": true}'), ($2, 'Closed', 'closed-co', '{"selfSignup": false}')`,
      [open, closed],
    );
    await c.end();
  });
  afterAll(() => t.close());

  const counts = async () => {
    const c = await superuserClient(t.db.url);
    const r = await c.query(
      `SELECT (SELECT count(*) FROM users)::int AS users, (SELECT count(*) FROM user_tenants)::int AS memberships`,
    );
    await c.end();
    return r.rows[0];
  };

  it('creates an unverified member of an open tenant, who verifies and logs in there', async () => {
    const res = await t.call('POST', '/api/v1/auth/sign-up', null, {
      tenantSlug: 'open-co',
      email: 'New@Signup.test',
      password: 'sign-up-password-1',
      fullName: 'New Person',
    });
    expect(res.statusCode).toBe(202);
    expect(res.json()).toEqual({ status: 'pending_verification' });
    const c = await superuserClient(t.db.url);
    const user = await c.query(
      `SELECT u.id, u.is_email_verified, ut.role, ut.tenant_id FROM users u JOIN user_tenants ut ON ut.user_id = u.id WHERE u.email = 'new@signup.test'`,
    );
    await c.end();
    expect(user.rows[0]).toMatchObject({
      is_email_verified: false,
      role: 'member',
      tenant_id: open,
    });
    const token = new URL(
      outbox.filter((m) => m.to === 'new@signup.test').pop()?.link ?? 'http://x',
    ).searchParams.get('token');
    expect((await t.call('POST', '/api/v1/auth/verify-email', null, { token })).statusCode).toBe(
      204,
    );
    const session = await t.login('new@signup.test', 'sign-up-password-1');
    expect(session.tenantId).toBe(open);
  });

  it('answers an existing address the same way, writes nothing and mails the owner', async () => {
    const before = await counts();
    const res = await t.call('POST', '/api/v1/auth/sign-up', null, {
      tenantSlug: 'open-co',
      email: 'new@signup.test',
      password: 'another-password-2',
    });
    expect(res.statusCode).toBe(202);
    expect(res.json()).toEqual({ status: 'pending_verification' });
    expect(await counts()).toEqual(before);
    expect(outbox[outbox.length - 1].subject).toContain('already have');
  });

  it('refuses tenants that do not allow sign-up, and unknown ones, alike (403)', async () => {
    const before = await counts();
    const closedRes = await t.call('POST', '/api/v1/auth/sign-up', null, {
      tenantSlug: 'closed-co',
      email: 'a@signup.test',
      password: 'sign-up-password-1',
    });
    const unknownRes = await t.call('POST', '/api/v1/auth/sign-up', null, {
      tenantSlug: 'nope',
      email: 'a@signup.test',
      password: 'sign-up-password-1',
    });
    expect(closedRes.statusCode).toBe(403);
    expect(unknownRes.statusCode).toBe(403);
    expect(closedRes.json().detail).toBe(unknownRes.json().detail);
    expect(await counts()).toEqual(before);
  });

  it('validates the body', async () => {
    const res = await t.call('POST', '/api/v1/auth/sign-up', null, {
      tenantSlug: 'open-co',
      email: 'x',
      password: 'short',
      extra: 1,
    });
    expect(res.statusCode).toBe(400);
    expect(
      res
        .json()
        .errors.map((e: { field: string }) => e.field)
        .sort(),
    ).toEqual(['email', 'extra', 'password']);
  });
});
