import { ProjectionRunner, StoredEvent } from '@opsledger/event-store';
import { Jobs, JobWorker } from '@opsledger/jobs';
import { Db, RequestContext, SYSTEM_ACTOR } from '@opsledger/persistence';
import { superuserClient } from '@opsledger/testing';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import type { Client } from 'pg';
import { AuditTrailProjection } from '../../src/modules/audit/application/projections/audit-trail.projection';
import { createTestApp, TestApp } from '../support/test-app';

/*
 * Scale-out (issue 17): two service instances, each with its own module graph and pool,
 * against one PostgreSQL (and one Redis when TEST_REDIS_URL names it), sharing the key files
 * and the witness directory as a deployment behind one address does. Every projection event
 * is applied once, the seal chain never forks, a job runs on one instance only, login
 * throttling is shared through Redis (per instance without it), and a revoked session is
 * refused by the other instance within a second.
 */

const REDIS_URL = process.env.TEST_REDIS_URL;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(what: string, check: () => Promise<boolean>, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(25);
  }
}

describe('two instances on one database (e2e)', () => {
  let dir: string;
  let a: TestApp;
  let b: TestApp;
  let admin: string;
  let su: Client;
  /** Which instance applied each ledger position to the audit trail (seen since the spies went in). */
  const applied = new Map<string, string[]>();

  const count = async (sql: string, params: unknown[] = []) =>
    Number((await su.query<{ n: string }>(sql, params)).rows[0].n);

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'opsledger-two-instances-'));
    const shared = {
      SIGNING_KEYS_FILE: join(dir, 'signing-keys.json'),
      DATA_KEYS_FILE: join(dir, 'data-keys.json'),
      // one witness for both: an instance that cannot see the other's seals refuses to seal
      DATA_DIR: join(dir, 'data'),
      ...(REDIS_URL ? { REDIS_URL } : {}),
    };
    a = await createTestApp(shared);
    b = await createTestApp(shared, { database: a.db });
    admin = await a.loginAsAdmin();
    su = await superuserClient(a.db.url);
    for (const [name, t] of [
      ['A', a],
      ['B', b],
    ] as const) {
      const projection = t.app.get(AuditTrailProjection);
      const handle = projection.handle.bind(projection);
      jest
        .spyOn(projection, 'handle')
        .mockImplementation(async (events: readonly StoredEvent[]) => {
          for (const e of events)
            applied.set(e.position, [...(applied.get(e.position) ?? []), name]);
          return handle(events);
        });
    }
  });

  afterAll(async () => {
    await su?.end();
    await b?.close();
    await a?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('applies every projection event once, while both instances write and catch up', async () => {
    const before = await count(`SELECT coalesce(max(position), 0) AS n FROM event_store`);
    const adminB = await b.loginAsAdmin();
    // both write and both try to project, concurrently
    await Promise.all([
      ...Array.from({ length: 6 }, async () => {
        await a.createUser(admin);
        await a.project();
      }),
      ...Array.from({ length: 6 }, async () => {
        await b.createUser(adminB);
        await b.project();
      }),
    ]);
    await Promise.all([a.project(), b.project()]);

    const holders = [a, b].filter((t) => t.app.get(ProjectionRunner).holds('audit_trail'));
    expect(holders).toHaveLength(1);
    const events = await count(`SELECT count(*) AS n FROM event_store`);
    expect(await count(`SELECT count(*) AS n FROM audit_trail`)).toBe(events);
    const since = await count(`SELECT count(*) AS n FROM event_store WHERE position > $1`, [
      before,
    ]);
    expect(since).toBeGreaterThanOrEqual(12);
    const appliedSince = [...applied].filter(([position]) => Number(position) > before);
    expect(appliedSince).toHaveLength(since);
    // each event applied by one instance, once
    expect(appliedSince.filter(([, by]) => by.length !== 1)).toEqual([]);
  });

  it('extends one seal chain when both instances seal at the same time', async () => {
    for (let round = 0; round < 4; round += 1) {
      await Promise.all([a.createUser(admin), b.createUser(admin)]);
      await Promise.all([a.project(), b.project()]);
      const answers = await Promise.all([
        a.call('POST', '/api/v1/audit/seals', admin),
        b.call('POST', '/api/v1/audit/seals', admin),
      ]);
      // one seals, the other finds nothing new (or seals what committed in between)
      expect(answers.some((r) => r.statusCode === 201)).toBe(true);
      for (const r of answers) expect([200, 201]).toContain(r.statusCode);
    }
    const seals = (
      await su.query<{ digest: string; prev: string | null; from_after_previous: boolean }>(
        `SELECT digest, prev_seal_digest AS prev,
                COALESCE((from_tx_id, from_position) > lag((to_tx_id, to_position)) OVER w, true) AS from_after_previous
           FROM event_seals WINDOW w AS (ORDER BY to_tx_id, to_position)
          ORDER BY to_tx_id, to_position`,
      )
    ).rows;
    expect(seals.length).toBeGreaterThanOrEqual(4);
    expect(seals[0].prev).toBeNull();
    for (let i = 1; i < seals.length; i += 1) expect(seals[i].prev).toBe(seals[i - 1].digest);
    expect(seals.every((s) => s.from_after_previous)).toBe(true);
    expect(new Set(seals.map((s) => s.prev)).size).toBe(seals.length);

    // either instance verifies the one chain; B trusts what A's verification recorded
    const onA = (await a.call('GET', '/api/v1/audit/verify', admin)).json();
    expect(onA).toMatchObject({ intact: true, checkedSeals: seals.length });
    const onB = (await b.call('GET', '/api/v1/audit/verify', admin)).json();
    expect(onB).toMatchObject({
      intact: true,
      checkedSeals: seals.length,
      previouslyVerifiedSeals: seals.length,
    });
    expect(onB.eventsWalked).toBeLessThan(onB.checkedEvents);
  });

  it('runs each job on one instance only', async () => {
    const type = `two-instances-${randomUUID().slice(0, 8)}`;
    const runs = new Map<string, string[]>();
    for (const [name, t] of [
      ['A', a],
      ['B', b],
    ] as const) {
      const worker = t.app.get(JobWorker);
      worker.register({
        queue: t.app.get(Jobs),
        type,
        concurrency: 2,
        handler: async (job) => {
          runs.set(job.id, [...(runs.get(job.id) ?? []), name]);
          await sleep(20);
          return { by: name };
        },
      });
    }
    const ids = await a.app.get(RequestContext).run(SYSTEM_ACTOR, () =>
      a.app.get(Db).transaction(async () => {
        const out: string[] = [];
        for (let i = 0; i < 30; i += 1)
          out.push(await a.app.get(Jobs).enqueue({ type, payload: { i } }));
        return out;
      }),
    );
    await Promise.all([a.app.get(JobWorker).start(), b.app.get(JobWorker).start()]);
    await until(
      'every job to succeed',
      async () =>
        (await count(`SELECT count(*) AS n FROM jobs WHERE type = $1 AND status = 'succeeded'`, [
          type,
        ])) === ids.length,
    );
    expect([...runs.keys()].sort()).toEqual([...ids].sort());
    expect([...runs.values()].filter((by) => by.length !== 1)).toEqual([]);
    // both instances took part
    expect(new Set([...runs.values()].map((by) => by[0])).size).toBe(2);
    expect(
      await count(`SELECT count(*) AS n FROM jobs WHERE type = $1 AND attempts <> 1`, [type]),
    ).toBe(0);
  });

  it(
    REDIS_URL
      ? 'counts failed logins on A against the account on B (Redis)'
      : 'counts failed logins per instance without Redis (documented)',
    async () => {
      const user = await a.createUser(admin);
      const attempt = (t: TestApp, password: string) =>
        t.call('POST', '/api/v1/auth/login', null, { login: user.email, password });
      // LOGIN_ATTEMPTS_PER_ACCOUNT is 5: three failures on A, two on B
      for (let i = 0; i < 3; i += 1)
        expect((await attempt(a, 'wrong-password')).statusCode).toBe(401);
      for (let i = 0; i < 2; i += 1)
        expect((await attempt(b, 'wrong-password')).statusCode).toBe(401);
      const right = await attempt(b, user.password);
      if (REDIS_URL) {
        expect(right.statusCode).toBe(429);
        expect((await attempt(a, user.password)).statusCode).toBe(429);
      } else {
        // each process counts its own: B saw two failures, so the right password passes there
        expect(right.statusCode).toBe(200);
      }
    },
  );

  it('refuses on B, within a second, a session revoked through A', async () => {
    const user = await a.createUser(admin);
    const session = await a.login(user.email, user.password);
    const me = async () => (await b.call('GET', '/api/v1/me', session.accessToken)).statusCode;
    expect(await me()).toBe(200);
    expect(
      (await a.call('DELETE', `/api/v1/sessions/${session.sessionId}`, admin)).statusCode,
    ).toBe(204);
    const start = Date.now();
    let seen = await me();
    while (seen !== 401 && Date.now() - start < 1000) {
      await sleep(10);
      seen = await me();
    }
    expect(seen).toBe(401);
  });

  it('hands the projections over when the instance running them stops', async () => {
    const runnerA = a.app.get(ProjectionRunner);
    const [holder, other] = runnerA.holds('audit_trail') ? [a, b] : [b, a];
    // what a process does on shutdown: its runner stops and lets go of its locks
    await holder.app.get(ProjectionRunner).onApplicationShutdown();
    const adminOther = await other.loginAsAdmin();
    await other.createUser(adminOther);
    await other.project();
    expect(other.app.get(ProjectionRunner).holds('audit_trail')).toBe(true);
    const events = await count(`SELECT count(*) AS n FROM event_store`);
    expect(await count(`SELECT count(*) AS n FROM audit_trail`)).toBe(events);
    expect([...applied.values()].filter((by) => by.length !== 1)).toEqual([]);
  });
});
