import { superuserClient } from '@opsledger/testing';
import type { Client } from 'pg';
import { createTestApp, TestApp } from '../support/test-app';

/**
 * Issue 10: concurrent PATCHes carrying the same (then current) If-Match all pass the version
 * check, and all but one lose at the write's version guard. Each loser's precondition failed:
 * a 412, never a 409 the client did not ask for.
 */
describe('If-Match under concurrent writers (e2e)', () => {
  let t: TestApp;
  let admin: string;
  let su: Client;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.loginAsAdmin();
    su = await superuserClient(t.db.url);
    // Holds every write to users long enough for all concurrent requests to pass their check.
    await su.query(`
      CREATE FUNCTION test_slow_user_update() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN PERFORM pg_sleep(0.3); RETURN NEW; END $$;
      CREATE TRIGGER test_slow_user_update BEFORE UPDATE ON users
        FOR EACH ROW EXECUTE FUNCTION test_slow_user_update();`);
  });
  afterAll(async () => {
    await su.end();
    await t.close();
  });

  it('answers every PATCH that lost the race with a stale If-Match 412, exactly one 200', async () => {
    const user = await t.createUser(admin);
    const etag = (await t.call('GET', `/api/v1/users/${user.id}`, admin)).headers.etag as string;
    expect(etag).toBe('"v1"');
    const answers = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        t.call(
          'PATCH',
          `/api/v1/users/${user.id}`,
          admin,
          { fullName: `Writer ${i}` },
          { 'if-match': etag },
        ),
      ),
    );
    const statuses = answers.map((a) => a.statusCode).sort();
    expect(statuses).toEqual([200, 412, 412, 412, 412, 412]);
    for (const lost of answers.filter((a) => a.statusCode === 412)) {
      expect(lost.json()).toMatchObject({ code: 'CONCURRENCY.STALE_VERSION', status: 412 });
    }
    const after = await t.call('GET', `/api/v1/users/${user.id}`, admin);
    expect(after.headers.etag).toBe('"v2"');
  });

  it('keeps a concurrent writer without If-Match at 409 (no precondition was sent)', async () => {
    const user = await t.createUser(admin);
    const answers = await Promise.all(
      Array.from({ length: 3 }, (_, i) =>
        t.call('PATCH', `/api/v1/users/${user.id}`, admin, { fullName: `Blind ${i}` }),
      ),
    );
    const statuses = answers.map((a) => a.statusCode).sort();
    expect(statuses[0]).toBe(200);
    expect(statuses.filter((s) => s !== 200 && s !== 409)).toEqual([]);
    expect(statuses).toContain(409);
  });
});
