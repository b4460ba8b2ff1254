import { createTestDatabase, FaultProxy, superuserClient, TestDatabase } from '@opsledger/testing';
import type { Client } from 'pg';
import { createTestApp, TestApp } from '../support/test-app';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The database away (killed: connections refused and reset) or hung (frozen: connections
 * open, nothing answers), seen by one application through a TCP proxy: requests answer 503
 * with Retry-After within the configured timeouts, readiness within 2 s, and an
 * Idempotency-Key request cut off by the outage runs once when retried (issue 10).
 */
describe('the database away or hung', () => {
  let db: TestDatabase;
  let proxy: FaultProxy;
  let t: TestApp;
  let admin: string;
  let su: Client;

  beforeAll(async () => {
    db = await createTestDatabase();
    proxy = await FaultProxy.start(db.url);
    t = await createTestApp(
      {
        DB_CONNECT_TIMEOUT_MS: '1000',
        DB_STATEMENT_TIMEOUT_MS: '4000',
        DB_LOCK_TIMEOUT_MS: '4000',
        DB_POOL_SIZE: '6',
        REFRESH_TOKEN_GRACE_SECONDS: '0',
      },
      { database: { ...db, url: proxy.url } },
    );
    admin = await t.loginAsAdmin();
    su = await superuserClient(db.url);
  });
  afterAll(async () => {
    await su?.end();
    await t?.close();
    await proxy?.close();
    await db?.drop();
  });

  /** Retries until the service answers again after the database came back. */
  const untilServing = async () => {
    for (let i = 0; i < 50; i++) {
      const res = await t.call('GET', '/api/v1/users', admin);
      if (res.statusCode === 200) return;
      await sleep(100);
    }
    throw new Error('the service did not recover');
  };

  const expectUnavailable = (res: {
    statusCode: number;
    headers: Record<string, unknown>;
    json(): unknown;
  }) => {
    expect(res.statusCode).toBe(503);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    expect(res.json()).toMatchObject({ status: 503, code: 'DATABASE.UNAVAILABLE' });
  };

  it('answers 503 with Retry-After, never 500, while PostgreSQL refuses connections', async () => {
    await untilServing();
    await proxy.refuse();
    try {
      expectUnavailable(await t.call('GET', '/api/v1/users', admin));
      expectUnavailable(
        await t.call('POST', '/api/v1/users', admin, {
          email: 'away@test.opsledger',
          password: 'a-long-enough-password',
        }),
      );
      const ready = await t.call('GET', '/health/ready', null);
      expect(ready.statusCode).toBe(503);
    } finally {
      await proxy.restore();
    }
    await untilServing();
  });

  it('answers 503 within its timeouts while PostgreSQL is frozen, and readiness within 2 s', async () => {
    await untilServing();
    proxy.freeze();
    try {
      let started = Date.now();
      const ready = await t.call('GET', '/health/ready', null);
      expect(Date.now() - started).toBeLessThan(2000);
      expect(ready.statusCode).toBe(503);
      started = Date.now();
      const [list, create] = await Promise.all([
        t.call('GET', '/api/v1/users', admin),
        t.call('POST', '/api/v1/users', admin, {
          email: 'frozen@test.opsledger',
          password: 'a-long-enough-password',
        }),
      ]);
      // statement timeout 4 s + 1 s client grace; a fresh connection gives up after 1 s
      expect(Date.now() - started).toBeLessThan(7000);
      expectUnavailable(list);
      expectUnavailable(create);
    } finally {
      proxy.thaw();
    }
    await untilServing();
    expect((await t.call('GET', '/health/ready', null)).statusCode).toBe(200);
  });

  /** Holds the users table so a POST /users waits inside its transaction. */
  const holdUsers = async () => {
    await su.query('BEGIN');
    await su.query('LOCK TABLE users IN SHARE MODE');
  };
  const releaseUsers = () => su.query('ROLLBACK');
  const untilWaitingOnLock = async () => {
    for (let i = 0; i < 100; i++) {
      const r = await su.query(
        `SELECT count(*)::int AS n FROM pg_stat_activity
          WHERE datname = current_database() AND wait_event_type = 'Lock'`,
      );
      if (r.rows[0].n > 0) return;
      await sleep(20);
    }
    throw new Error('no request is waiting on the lock');
  };
  const untilAppSessionsGone = async () => {
    for (let i = 0; i < 100; i++) {
      const r = await su.query(
        `SELECT count(*)::int AS n FROM pg_stat_activity
          WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend'`,
      );
      if (r.rows[0].n === 0) return;
      await sleep(50);
    }
    throw new Error('the cut-off sessions did not end');
  };
  const usersWithEmail = async (email: string) =>
    (await su.query('SELECT count(*)::int AS n FROM users WHERE email = $1', [email])).rows[0]
      .n as number;

  it('runs a retried Idempotency-Key request once after the database died under it', async () => {
    await untilServing();
    const body = { email: 'crash-retry@test.opsledger', password: 'a-long-enough-password' };
    const headers = { 'idempotency-key': 'crash-retry-key-1' };
    await holdUsers();
    const first = t.call('POST', '/api/v1/users', admin, body, headers);
    try {
      await untilWaitingOnLock();
      // The database goes away mid-request: its connections reset, new ones refused, so
      // nothing the service tries after the failure (releasing a claim) can reach it.
      await proxy.refuse();
      expectUnavailable(await first);
    } finally {
      await releaseUsers();
    }
    await untilAppSessionsGone();
    await proxy.restore();
    await untilServing();
    const retry = await t.call('POST', '/api/v1/users', admin, body, headers);
    expect(retry.statusCode).toBe(201);
    const again = await t.call('POST', '/api/v1/users', admin, body, headers);
    expect(again.statusCode).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json().id).toBe(retry.json().id);
    expect(await usersWithEmail(body.email)).toBe(1);
  });

  it('makes a duplicate wait for the live first request, then replays its response', async () => {
    await untilServing();
    const body = { email: 'dup-live@test.opsledger', password: 'a-long-enough-password' };
    const headers = { 'idempotency-key': 'dup-live-key-1' };
    await holdUsers();
    let first: Promise<Awaited<ReturnType<TestApp['call']>>>;
    try {
      first = t.call('POST', '/api/v1/users', admin, body, headers);
      await untilWaitingOnLock();
      // The first is live and holds its claim: the duplicate waits, then says so.
      const duplicate = await t.call('POST', '/api/v1/users', admin, body, headers);
      expect(duplicate.statusCode).toBe(409);
      expect(duplicate.json().code).toBe('REQUEST.IDEMPOTENCY_IN_PROGRESS');
    } finally {
      await releaseUsers();
    }
    const done = await first;
    expect(done.statusCode).toBe(201);
    const replay = await t.call('POST', '/api/v1/users', admin, body, headers);
    expect(replay.statusCode).toBe(201);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.json().id).toBe(done.json().id);
    expect(await usersWithEmail(body.email)).toBe(1);
  });
});
