import { SignJWT, generateKeyPair } from 'jose';
import { superuserClient } from '@opsledger/testing';
import { createTestApp, ISSUER, TestApp } from '../support/test-app';

describe('bad input on identity endpoints (e2e)', () => {
  let t: TestApp;
  let admin: string;
  const countUsers = async () => {
    const c = await superuserClient(t.db.url);
    const r = await c.query('SELECT count(*)::int AS n FROM users');
    const e = await c.query(
      `SELECT count(*)::int AS n FROM event_store WHERE stream_type = 'user'`,
    );
    await c.end();
    return { users: r.rows[0].n as number, events: e.rows[0].n as number };
  };

  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.loginAsAdmin();
  });
  afterAll(() => t.close());

  const expectProblem = (
    res: { statusCode: number; headers: Record<string, unknown>; json(): any },
    status: number,
    field?: string,
  ) => {
    expect(res.statusCode).toBe(status);
    expect(String(res.headers['content-type'])).toContain('application/problem+json');
    const body = res.json();
    expect(body.status).toBe(status);
    expect(typeof body.title).toBe('string');
    if (field) expect(body.errors.map((e: { field: string }) => e.field)).toContain(field);
  };

  it.each([
    ['malformed JSON', '{"email": "x@y.z", ', undefined],
    [
      'unknown field',
      { email: 'a@b.co', password: 'a-long-enough-password', isAdmin: true },
      'isAdmin',
    ],
    ['wrong type', { email: 42, password: 'a-long-enough-password' }, 'email'],
    [
      'over-long string',
      { email: 'a@b.co', password: 'a-long-enough-password', fullName: 'x'.repeat(256) },
      'fullName',
    ],
    ['invalid email', { email: 'not-an-email', password: 'a-long-enough-password' }, 'email'],
    ['short password', { email: 'a@b.co', password: 'short' }, 'password'],
    ['invalid role', { email: 'a@b.co', password: 'a-long-enough-password', role: 'god' }, 'role'],
  ])('POST /users with %s is a 400 and writes nothing', async (_name, payload, field) => {
    const before = await countUsers();
    const res = await t.call('POST', '/api/v1/users', admin, payload);
    expectProblem(res, 400, field);
    expect(await countUsers()).toEqual(before);
  });

  it('a duplicate email is a 409 naming the field, and nothing is written', async () => {
    await t.createUser(admin, { email: 'dup@test.opsledger' });
    const before = await countUsers();
    const res = await t.call('POST', '/api/v1/users', admin, {
      email: 'DUP@test.opsledger',
      password: 'a-long-enough-password',
    });
    expectProblem(res, 409, 'email');
    expect(await countUsers()).toEqual(before);
  });

  it('an invalid UUID in the path is a 400 naming it', async () => {
    expectProblem(await t.call('GET', '/api/v1/users/not-a-uuid', admin), 400, 'id');
  });

  it('an unknown user is a 404 problem', async () => {
    expectProblem(
      await t.call('GET', '/api/v1/users/8d4f0a7e-7a43-4e4b-9d55-9f0a2b9e2a11', admin),
      404,
    );
  });

  it('rejects a missing, malformed, forged or expired token with 401', async () => {
    expectProblem(await t.call('GET', '/api/v1/users', null), 401);
    expectProblem(await t.call('GET', '/api/v1/users', 'not.a.jwt'), 401);
    const { privateKey } = await generateKeyPair('ES256');
    const forged = await new SignJWT({ roles: ['admin'] })
      .setProtectedHeader({ alg: 'ES256', kid: 'forged' })
      .setIssuer(ISSUER)
      .setAudience('opsledger-api')
      .setSubject('x')
      .setExpirationTime('5m')
      .sign(privateKey);
    expectProblem(await t.call('GET', '/api/v1/users', forged), 401);
    const [h, p, s] = admin.split('.');
    const claims = JSON.parse(Buffer.from(p, 'base64url').toString());
    const tampered = `${h}.${Buffer.from(JSON.stringify({ ...claims, exp: 1 })).toString('base64url')}.${s}`;
    expectProblem(await t.call('GET', '/api/v1/users', tampered), 401);
  });

  it('a non-admin cannot create users (403) and nothing is written', async () => {
    const u = await t.createUser(admin);
    const token = (await t.login(u.email, u.password)).accessToken;
    const before = await countUsers();
    expectProblem(
      await t.call('POST', '/api/v1/users', token, {
        email: 'x@y.co',
        password: 'a-long-enough-password',
      }),
      403,
    );
    expect(await countUsers()).toEqual(before);
  });

  it('rejects bad list queries: limit out of range, unknown parameter, bad cursor', async () => {
    expectProblem(await t.call('GET', '/api/v1/users?limit=0', admin), 400, 'limit');
    expectProblem(await t.call('GET', '/api/v1/users?limit=101', admin), 400, 'limit');
    expectProblem(await t.call('GET', '/api/v1/users?bogus=1', admin), 400, 'bogus');
    expectProblem(await t.call('GET', '/api/v1/users?cursor=%21%21', admin), 400, 'cursor');
    expectProblem(await t.call('GET', '/api/v1/users?cursor=abc', admin), 400, 'cursor');
  });

  it('refuses bodies over the size limit with 413', async () => {
    const res = await t.call('POST', '/api/v1/users', admin, {
      email: 'a@b.co',
      password: 'x'.repeat(2 * 1024 * 1024),
    });
    expectProblem(res, 413);
  });
});
