import { superuserClient } from '@opsledger/testing';
import { createTestApp, TestApp, ADMIN_EMAIL, ADMIN_PASSWORD } from '../support/test-app';

describe('users (e2e)', () => {
  let t: TestApp;
  let admin: string;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.loginAsAdmin();
  });
  afterAll(() => t.close());

  it('creates, reads and renames a user', async () => {
    const created = await t.call('POST', '/api/v1/users', admin, {
      email: 'Jane@Example.com',
      password: 'a-long-enough-password',
      fullName: 'Jane',
    });
    expect(created.statusCode).toBe(201);
    const user = created.json();
    expect(user.email).toBe('jane@example.com');
    expect(user).not.toHaveProperty('passwordHash');
    expect(created.headers.location).toBe(`/api/v1/users/${user.id}`);
    const got = await t.call('GET', `/api/v1/users/${user.id}`, admin);
    expect(got.statusCode).toBe(200);
    expect(got.headers.etag).toBe('"v1"');
    const patched = await t.call(
      'PATCH',
      `/api/v1/users/${user.id}`,
      admin,
      { fullName: 'Jane Doe' },
      { 'if-match': '"v1"' },
    );
    expect(patched.statusCode).toBe(200);
    expect(patched.json().fullName).toBe('Jane Doe');
    const stale = await t.call(
      'PATCH',
      `/api/v1/users/${user.id}`,
      admin,
      { fullName: 'Again' },
      { 'if-match': '"v1"' },
    );
    expect(stale.statusCode).toBe(412);
    expect(stale.headers['content-type']).toContain('application/problem+json');
    // The rename reached both rows (users and its profile) in one statement; the refused one neither.
    const sql = await superuserClient(t.db.url);
    try {
      const { rows } = await sql.query<{ users: string; profiles: string; version: number }>(
        `SELECT u.full_name AS users, p.full_name AS profiles, u.version
           FROM users u JOIN profiles p ON p.id = u.id WHERE u.id = $1`,
        [user.id],
      );
      expect(rows).toEqual([{ users: 'Jane Doe', profiles: 'Jane Doe', version: 2 }]);
    } finally {
      await sql.end();
    }
  });

  it('answers a taken username with its own coded 409, on create and on rename', async () => {
    const create = (email: string, username: string) =>
      t.call('POST', '/api/v1/users', admin, {
        email,
        username,
        password: 'a-long-enough-password',
      });
    expect((await create('first.holder@example.com', 'taken.name')).statusCode).toBe(201);
    const clash = await create('second.holder@example.com', 'taken.name');
    expect(clash.statusCode).toBe(409);
    expect(clash.json()).toMatchObject({
      code: 'IDENTITY.USERNAME_TAKEN',
      errors: [{ field: 'username' }],
    });
    const other = await create('third.holder@example.com', 'free.name');
    expect(other.statusCode).toBe(201);
    // three times: once the connection has prepared the update it goes ahead of the command's
    // next statement (Db.writeBehind), and its unique violation must still be this 409
    for (let i = 0; i < 3; i++) {
      const rename = await t.call('PATCH', `/api/v1/users/${other.json().id}`, admin, {
        username: 'taken.name',
      });
      expect(rename.statusCode).toBe(409);
      expect(rename.json().code).toBe('IDENTITY.USERNAME_TAKEN');
    }
    const unchanged = await t.call('GET', `/api/v1/users/${other.json().id}`, admin);
    expect(unchanged.json()).toMatchObject({ username: 'free.name', version: 1 });
  });

  it('logs in and refuses a wrong password with one generic error', async () => {
    const ok = await t.call('POST', '/api/v1/auth/login', null, {
      login: ADMIN_EMAIL,
      password: ADMIN_PASSWORD,
    });
    expect(ok.statusCode).toBe(200);
    const bad = await t.call('POST', '/api/v1/auth/login', null, {
      login: ADMIN_EMAIL,
      password: 'wrong-password-here',
    });
    const ghost = await t.call('POST', '/api/v1/auth/login', null, {
      login: 'nobody@nowhere.test',
      password: 'wrong-password-here',
    });
    expect(bad.statusCode).toBe(401);
    expect(ghost.statusCode).toBe(401);
    expect(bad.json().detail).toBe(ghost.json().detail);
  });
});
