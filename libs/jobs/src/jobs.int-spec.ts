import { Test, TestingModule } from '@nestjs/testing';
import { Actor, Db, PersistenceModule, RequestContext, SYSTEM_ACTOR } from '@opsledger/persistence';
import { createTestDatabase, superuserClient, TestDatabase } from '@opsledger/testing';
import { ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { Client } from 'pg';
import { JobHandler, PermanentJobError } from './job-handler';
import { JobNotifications } from './job-notifications';
import { JobQueue } from './job-queue';
import { JobQueues } from './job-queues';
import { defineJobTable } from './job-table';
import { JobTransition, JobTransitionListener } from './job-transition';
import { JOB_WORKER_OPTIONS, JobWorker, JobWorkerOptions } from './job-worker';
import { Jobs } from './jobs';
import { JobsModule } from './jobs.module';

const REPO_ROOT = join(__dirname, '..', '..', '..');

const user = (tenantId: string, id: string = randomUUID()): Actor => ({
  id,
  type: 'user',
  tenantId,
  roles: [],
  tenantRole: 'member',
  sessionId: null,
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until<T>(
  what: string,
  probe: () => Promise<T | null | undefined | false>,
  ms = 20_000,
): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

describe('jobs on PostgreSQL', () => {
  let database: TestDatabase;
  let moduleRef: TestingModule;
  let db: Db;
  let context: RequestContext;
  let jobs: Jobs;
  let su: Client;
  const workers: JobWorker[] = [];
  const tenant = randomUUID();
  const owner = randomUUID();

  /** A worker of its own (its own id, as another process would have), stopped after the test. */
  function newWorker(overrides: Partial<JobWorkerOptions> = {}): JobWorker {
    const options = { ...moduleRef.get<JobWorkerOptions>(JOB_WORKER_OPTIONS), ...overrides };
    const worker = new JobWorker(options, context, moduleRef.get(JobNotifications));
    workers.push(worker);
    return worker;
  }

  const asOwner = <T>(fn: () => Promise<T>, actor = user(tenant, owner)) => context.run(actor, fn);
  const enqueue = (type: string, payload: Record<string, unknown> = {}, extra = {}) =>
    asOwner(() => jobs.enqueue({ type, payload, ...extra }));
  const row = async (id: string) =>
    (await su.query(`SELECT * FROM jobs WHERE id = $1`, [id])).rows[0] as Record<string, any>;

  beforeAll(async () => {
    database = await createTestDatabase();
    moduleRef = await Test.createTestingModule({
      imports: [
        PersistenceModule.forRoot({ databaseUrl: database.url, poolSize: 12 }),
        JobsModule.forRoot({ enabled: false, pollMs: 300, leaseMs: 5000, reapIntervalMs: 200 }),
      ],
    }).compile();
    await moduleRef.init();
    db = moduleRef.get(Db);
    context = moduleRef.get(RequestContext);
    jobs = moduleRef.get(Jobs);
    su = await superuserClient(database.url);
  });

  afterEach(async () => {
    await Promise.all(workers.splice(0).map((w) => w.stop(2000)));
  });

  afterAll(async () => {
    await su?.end();
    await moduleRef?.close();
    await database?.drop();
  });

  describe('enqueue', () => {
    it('is part of the caller’s transaction: rolled back with it, and then no worker is woken', async () => {
      const listener = await superuserClient(database.url);
      const heard: string[] = [];
      listener.on('notification', (n) => heard.push(n.payload ?? ''));
      await listener.query('LISTEN jobs_jobs');
      try {
        let id = '';
        await expect(
          asOwner(() =>
            db.transaction(async () => {
              id = await jobs.enqueue({ type: 'rolled-back', payload: { n: 1 } });
              throw new Error('the change that asked for the job failed');
            }),
          ),
        ).rejects.toThrow('failed');
        expect(id).not.toBe('');
        expect(await row(id)).toBeUndefined();
        await sleep(300);
        expect(heard).toEqual([]);

        const kept = await asOwner(() => db.transaction(() => jobs.enqueue({ type: 'kept' })));
        await until('the notification', async () => heard.length > 0);
        expect(heard).toEqual(['job:kept']);
        expect(await row(kept)).toMatchObject({
          status: 'queued',
          tenant_id: tenant,
          owner_user_id: owner,
          attempts: 0,
          max_attempts: 5,
          payload: {},
        });
      } finally {
        await listener.end();
      }
    });

    it('cannot put a job into another tenant (row-level security)', async () => {
      await expect(
        asOwner(() => jobs.enqueue({ type: 'foreign', tenantId: randomUUID() })),
      ).rejects.toThrow(/row-level security/);
    });

    it('refuses a malformed type or attempt count before writing', async () => {
      await expect(enqueue('Bad Type')).rejects.toThrow('Invalid job type');
      await expect(enqueue('ok', {}, { maxAttempts: 0 })).rejects.toThrow('maxAttempts');
    });
  });

  describe('workers', () => {
    it('completes each of many jobs exactly once with four concurrent workers', async () => {
      const type = `count-${randomUUID().slice(0, 8)}`;
      const runs = new Map<string, number>();
      const byWorker = new Map<string, number>();
      const ids = await asOwner(() =>
        db.transaction(async () => {
          const out: string[] = [];
          for (let i = 0; i < 120; i++) out.push(await jobs.enqueue({ type, payload: { i } }));
          return out;
        }),
      );
      for (let w = 0; w < 4; w++) {
        const worker = newWorker({ concurrency: 3 });
        worker.register({
          queue: jobs,
          type,
          handler: async (job) => {
            runs.set(job.id, (runs.get(job.id) ?? 0) + 1);
            byWorker.set(worker.workerId, (byWorker.get(worker.workerId) ?? 0) + 1);
            await sleep(Math.random() * 5);
            return { doubled: (job.payload as { i: number }).i * 2 };
          },
        });
      }
      await Promise.all(workers.map((w) => w.start()));
      await until('every job to succeed', async () => {
        const r = await su.query(
          `SELECT count(*)::int AS n FROM jobs WHERE type = $1 AND status = 'succeeded'`,
          [type],
        );
        return r.rows[0].n === ids.length;
      });
      expect(runs.size).toBe(ids.length);
      expect([...runs.values()].every((n) => n === 1)).toBe(true);
      expect(byWorker.size).toBeGreaterThan(1);
      const rows = await su.query(
        `SELECT payload, result, attempts, locked_by FROM jobs WHERE type = $1`,
        [type],
      );
      for (const r of rows.rows) {
        expect(r.result).toEqual({ doubled: r.payload.i * 2 });
        expect(r.attempts).toBe(1);
        expect(r.locked_by).toBeNull();
      }
    });

    it('records successes in batches with the next claim, and failures of the same batch on their own', async () => {
      const type = `batch-${randomUUID().slice(0, 8)}`;
      const ids = await asOwner(() =>
        db.transaction(async () => {
          const out: string[] = [];
          for (let i = 0; i < 40; i++) out.push(await jobs.enqueue({ type, payload: { i } }));
          return out;
        }),
      );
      const batches: number[] = [];
      const exchange = jobs.completeAndClaim.bind(jobs);
      const spy = jest
        .spyOn(jobs, 'completeAndClaim')
        .mockImplementation(async (...args: Parameters<Jobs['completeAndClaim']>) => {
          batches.push(args[2].length);
          return exchange(...args);
        });
      try {
        const calls = new Map<string, number>();
        const worker = newWorker({ concurrency: 4 });
        worker.register({
          queue: jobs,
          type,
          handler: async (job) => {
            calls.set(job.id, (calls.get(job.id) ?? 0) + 1);
            const { i } = job.payload as { i: number };
            if (i % 4 === 1) throw new PermanentJobError(`job ${i} is broken`);
            return { i };
          },
        });
        await worker.start();
        await until('every job to finish', async () => {
          const r = await su.query(
            `SELECT count(*)::int AS n FROM jobs WHERE type = $1 AND status IN ('succeeded', 'failed')`,
            [type],
          );
          return r.rows[0].n === ids.length;
        });
        expect([...calls.values()]).toEqual(ids.map(() => 1));
        // four slots finishing together: at least one commit recorded several successes
        expect(Math.max(...batches)).toBeGreaterThan(1);
        const rows = await su.query(
          `SELECT payload, status, result, last_error, attempts, locked_by FROM jobs WHERE type = $1`,
          [type],
        );
        for (const r of rows.rows) {
          const broken = r.payload.i % 4 === 1;
          expect(r).toMatchObject({
            status: broken ? 'failed' : 'succeeded',
            result: broken ? null : { i: r.payload.i },
            last_error: broken ? `PermanentJobError: job ${r.payload.i} is broken` : null,
            attempts: 1,
            locked_by: null,
          });
        }
      } finally {
        spy.mockRestore();
      }
    });

    it('records the successes still buffered when it stops', async () => {
      const type = `stopping-${randomUUID().slice(0, 8)}`;
      const ids = await asOwner(() =>
        db.transaction(async () => [await jobs.enqueue({ type }), await jobs.enqueue({ type })]),
      );
      let release: () => void = () => undefined;
      const gate = new Promise<void>((resolve) => (release = resolve));
      let started = 0;
      const worker = newWorker({ concurrency: 2 });
      worker.register({
        queue: jobs,
        type,
        handler: async () => {
          started += 1;
          await gate;
          return 'done';
        },
      });
      await worker.start();
      await until('both jobs to start', async () => started === 2);
      // The handlers return while the worker runs; it stops before or while their batch commits.
      release();
      await new Promise((resolve) => setImmediate(resolve));
      await worker.stop(5000);
      for (const id of ids)
        expect(await row(id)).toMatchObject({ status: 'succeeded', result: 'done', attempts: 1 });
    });

    it('wakes an idle worker through NOTIFY, long before its next poll', async () => {
      const type = `wake-${randomUUID().slice(0, 8)}`;
      const worker = newWorker({ pollMs: 60_000 });
      const started: number[] = [];
      worker.register({ queue: jobs, type, handler: async () => void started.push(Date.now()) });
      await worker.start();
      await sleep(200);
      const at = Date.now();
      const id = await enqueue(type);
      await until('the job to succeed', async () => (await row(id)).status === 'succeeded', 5000);
      expect(started[0] - at).toBeLessThan(2000);
    });

    it('retries a failing job with exponential backoff, then succeeds', async () => {
      const type = `flaky-${randomUUID().slice(0, 8)}`;
      const attempts: number[] = [];
      const worker = newWorker({ backoff: { baseMs: 400, maxMs: 10_000 }, pollMs: 50 });
      worker.register({
        queue: jobs,
        type,
        handler: async (job) => {
          attempts.push(Date.now());
          if (job.attempt < 3) throw new Error(`boom ${job.attempt}`);
          return { ok: job.attempt };
        },
      });
      await worker.start();
      const id = await enqueue(type);
      await until('the job to succeed', async () => (await row(id)).status === 'succeeded');
      expect(attempts).toHaveLength(3);
      // equal jitter: between half and all of 400 ms, then of 800 ms
      expect(attempts[1] - attempts[0]).toBeGreaterThanOrEqual(190);
      expect(attempts[2] - attempts[1]).toBeGreaterThanOrEqual(390);
      expect(attempts[2] - attempts[1]).toBeLessThan(3000);
      expect(await row(id)).toMatchObject({ attempts: 3, result: { ok: 3 }, last_error: null });
    });

    it('fails a job once its attempts are used up, keeping the last error', async () => {
      const type = `doomed-${randomUUID().slice(0, 8)}`;
      const worker = newWorker({ backoff: { baseMs: 20, maxMs: 40 }, pollMs: 50 });
      let calls = 0;
      worker.register({
        queue: jobs,
        type,
        handler: async () => {
          calls += 1;
          throw new Error(`attempt ${calls} broke`);
        },
      });
      await worker.start();
      const id = await enqueue(type, {}, { maxAttempts: 3 });
      await until('the job to fail', async () => (await row(id)).status === 'failed');
      expect(calls).toBe(3);
      expect(await row(id)).toMatchObject({ attempts: 3, last_error: 'Error: attempt 3 broke' });
      expect((await row(id)).completed_at).not.toBeNull();
    });

    it('does not retry a PermanentJobError', async () => {
      const type = `permanent-${randomUUID().slice(0, 8)}`;
      const worker = newWorker({ backoff: { baseMs: 20, maxMs: 40 } });
      let calls = 0;
      worker.register({
        queue: jobs,
        type,
        handler: async () => {
          calls += 1;
          throw new PermanentJobError('the document is not a PDF');
        },
      });
      await worker.start();
      const id = await enqueue(type);
      await until('the job to fail', async () => (await row(id)).status === 'failed');
      expect(calls).toBe(1);
    });

    it('runs the handler as the job’s owner, inside the job’s tenant only', async () => {
      const type = `scope-${randomUUID().slice(0, 8)}`;
      const otherTenant = randomUUID();
      await asOwner(() => jobs.enqueue({ type: 'someone-elses' }), user(otherTenant));
      const seen: Array<Record<string, unknown>> = [];
      const worker = newWorker();
      worker.register({
        queue: jobs,
        type,
        handler: async () => {
          const rows = (await db.read(() =>
            db.manager.query(
              `SELECT current_setting('app.tenant_id') AS tenant, current_setting('app.user_id') AS "user",
                      current_setting('app.scope') AS scope,
                      (SELECT count(*)::int FROM jobs WHERE tenant_id = $1) AS foreign_jobs,
                      (SELECT count(*)::int FROM jobs WHERE tenant_id = $2) AS own_jobs`,
              [otherTenant, tenant],
            ),
          )) as Array<Record<string, unknown>>;
          seen.push({ ...rows[0], actor: context.actor.id });
        },
      });
      await worker.start();
      const id = await enqueue(type);
      await until('the job to succeed', async () => (await row(id)).status === 'succeeded');
      expect(seen).toHaveLength(1);
      expect(seen[0]).toMatchObject({
        tenant,
        user: owner,
        scope: '',
        foreign_jobs: 0,
        actor: owner,
      });
      expect(seen[0].own_jobs).toBeGreaterThan(0);
    });
  });

  describe('cancel', () => {
    it('cancels a queued job at once: it never runs', async () => {
      const type = `cancel-queued-${randomUUID().slice(0, 8)}`;
      const id = await enqueue(type, {}, { runAfter: new Date(Date.now() + 500) });
      expect(await asOwner(() => jobs.cancel(id))).toBe('cancelled');
      let ran = false;
      const worker = newWorker({ pollMs: 50 });
      worker.register({ queue: jobs, type, handler: async () => void (ran = true) });
      await worker.start();
      await sleep(900);
      expect(ran).toBe(false);
      expect(await row(id)).toMatchObject({ status: 'cancelled' });
      expect(await asOwner(() => jobs.cancel(id))).toBe('already-finished');
    });

    it('stops a running job that checks its signal, and does not retry it', async () => {
      const type = `cancel-running-${randomUUID().slice(0, 8)}`;
      let started = false;
      let stoppedAfter = -1;
      const worker = newWorker({ backoff: { baseMs: 20, maxMs: 40 } });
      worker.register({
        queue: jobs,
        type,
        handler: async (job) => {
          started = true;
          for (let step = 0; step < 400; step++) {
            if (job.signal.aborted) {
              stoppedAfter = step;
              job.throwIfCancelled();
            }
            await sleep(25);
          }
          return 'finished anyway';
        },
      });
      await worker.start();
      const id = await enqueue(type);
      await until('the job to start', async () => started);
      expect(await asOwner(() => jobs.cancel(id))).toBe('cancel-requested');
      await until(
        'the job to be cancelled',
        async () => (await row(id)).status === 'cancelled',
        5000,
      );
      expect(stoppedAfter).toBeGreaterThanOrEqual(0);
      expect(stoppedAfter).toBeLessThan(100);
      expect(await row(id)).toMatchObject({ attempts: 1, cancel_requested: true });
    });

    it('does not let another tenant cancel or read a job', async () => {
      const id = await enqueue(`private-${randomUUID().slice(0, 8)}`);
      const stranger = user(randomUUID());
      expect(await context.run(stranger, () => jobs.cancel(id))).toBe('not-found');
      expect(await context.run(stranger, () => jobs.state(id))).toBeNull();
      expect(await asOwner(() => jobs.state(id))).toMatchObject({
        id,
        status: 'queued',
        ownerId: owner,
      });
    });
  });

  describe('leases', () => {
    it('another worker finishes a job whose worker was killed with SIGKILL mid-job', async () => {
      const type = `killed-${randomUUID().slice(0, 8)}`;
      const id = await enqueue(type);
      const child = spawnFixtureWorker(database.url, type, 1500);
      try {
        await waitForLine(child, `started ${id}`);
        expect(await row(id)).toMatchObject({ status: 'running', attempts: 1 });
        child.kill('SIGKILL');
        await new Promise((resolve) => child.once('exit', resolve));
      } finally {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      }
      const handled: string[] = [];
      const survivor = newWorker({ pollMs: 100, reapIntervalMs: 200 });
      survivor.register({ queue: jobs, type, handler: async (job) => void handled.push(job.id) });
      await survivor.start();
      await until('the job to succeed', async () => (await row(id)).status === 'succeeded');
      expect(handled).toEqual([id]);
      expect(await row(id)).toMatchObject({ attempts: 2, locked_by: null });
    }, 60_000);

    it('fences a worker that lost its lease: it can neither extend nor complete the job', async () => {
      const type = `fenced-${randomUUID().slice(0, 8)}`;
      const id = await enqueue(type);
      const [first] = await jobs.claim(type, 'worker-a', 1, 100);
      expect(first.id).toBe(id);
      await sleep(250);
      expect(await jobs.reap()).toBeGreaterThanOrEqual(1);
      const [second] = await jobs.claim(type, 'worker-b', 1, 5000);
      expect(second).toMatchObject({ id, attempts: 2 });
      expect(await jobs.heartbeat(id, 'worker-a', 5000)).toBeNull();
      expect(await jobs.succeed(id, 'worker-a', { stale: true })).toBe(false);
      expect(
        await jobs.fail(id, 'worker-a', new Error('x'), { retryable: true, retryInMs: 0 }),
      ).toBeNull();
      expect(await jobs.succeed(id, 'worker-b', { fresh: true })).toBe(true);
      expect(await row(id)).toMatchObject({ status: 'succeeded', result: { fresh: true } });
    });

    it('a claim takes no more jobs than its limit, the earliest due first', async () => {
      const type = `limit-${randomUUID().slice(0, 8)}`;
      const ids = await asOwner(() =>
        db.transaction(async () => {
          const out: string[] = [];
          for (let i = 0; i < 6; i++)
            out.push(await jobs.enqueue({ type, runAfter: new Date(Date.now() - 6000 + i * 10) }));
          return out;
        }),
      );
      expect((await jobs.claim(type, 'worker-a', 2, 5000)).map((j) => j.id)).toEqual(
        ids.slice(0, 2),
      );
      const batch = await jobs.completeAndClaim(type, 'worker-a', [], 3, 5000);
      expect(batch.claimed.map((j) => j.id)).toEqual(ids.slice(2, 5));
    });

    it('claims come back in the order they were due, whatever order the rows were written in', async () => {
      const type = `due-order-${randomUUID().slice(0, 8)}`;
      // written latest-due first: the table's order is the reverse of the queue's
      const ids = await asOwner(() =>
        db.transaction(async () => {
          const out: string[] = [];
          for (let i = 0; i < 40; i++)
            out.push(
              await jobs.enqueue({ type, runAfter: new Date(Date.now() - 60_000 - i * 1000) }),
            );
          return out;
        }),
      );
      const due = [...ids].reverse();
      expect((await jobs.claim(type, 'worker-a', 20, 5000)).map((j) => j.id)).toEqual(
        due.slice(0, 20),
      );
      const batch = await jobs.completeAndClaim(type, 'worker-a', [], 20, 5000);
      expect(batch.claimed.map((j) => j.id)).toEqual(due.slice(20));
    });

    it('a batch records only the successes of jobs the worker still holds, and claims for the free slots', async () => {
      const type = `exchange-${randomUUID().slice(0, 8)}`;
      const [a, b, c, d] = await asOwner(() =>
        db.transaction(async () => {
          const out: string[] = [];
          for (let i = 0; i < 4; i++)
            out.push(
              await jobs.enqueue({
                type,
                payload: { i },
                runAfter: new Date(Date.now() - 4000 + i),
              }),
            );
          return out;
        }),
      );
      const held = await jobs.claim(type, 'worker-a', 2, 5000);
      expect(held.map((j) => j.id)).toEqual([a, b]);
      // b's lease ran out meanwhile and worker-b took it (as the reaper and a claim would)
      await su.query(`UPDATE jobs SET locked_by = 'worker-b', attempts = 2 WHERE id = $1`, [b]);
      const outcome = await jobs.completeAndClaim(
        type,
        'worker-a',
        [
          { jobId: a, result: { by: 'a' } },
          { jobId: b, result: { stale: true } },
        ],
        5,
        5000,
      );
      expect(outcome.succeeded).toEqual([a]);
      expect(outcome.claimed.map((j) => j.id).sort()).toEqual([c, d].sort());
      expect(await row(a)).toMatchObject({
        status: 'succeeded',
        result: { by: 'a' },
        locked_by: null,
        attempts: 1,
      });
      expect(await row(b)).toMatchObject({
        status: 'running',
        locked_by: 'worker-b',
        result: null,
      });
      expect(await row(c)).toMatchObject({ status: 'running', locked_by: 'worker-a', attempts: 1 });
      const empty = await jobs.completeAndClaim(type, 'worker-a', [], 5, 5000);
      expect(empty).toEqual({ succeeded: [], claimed: [] });
    });

    it('a worker killed with a success not yet committed: that job runs again, the committed one does not', async () => {
      const type = `killed-buffered-${randomUUID().slice(0, 8)}`;
      const first = await enqueue(type, { finishAfterMs: 0 });
      const child = spawnFixtureWorker(database.url, type, 1500);
      const blocker = await superuserClient(database.url);
      let second = '';
      try {
        await waitForLine(child, `finished ${first}`);
        await until(
          'the first job to be committed',
          async () => (await row(first)).status === 'succeeded',
        );
        second = await enqueue(type, { finishAfterMs: 300 });
        await waitForLine(child, `started ${second}`);
        // Hold the row, as a slow commit would: the worker's completion cannot land.
        await blocker.query('BEGIN');
        await blocker.query(`SELECT id FROM jobs WHERE id = $1 FOR UPDATE`, [second]);
        await waitForLine(child, `finished ${second}`);
        await sleep(200);
        child.kill('SIGKILL');
        await new Promise((resolve) => child.once('exit', resolve));
        await blocker.query('ROLLBACK');
      } finally {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
        await blocker.end();
      }
      expect(await row(second)).toMatchObject({ status: 'running', attempts: 1 });
      const handled: string[] = [];
      const survivor = newWorker({ pollMs: 100, reapIntervalMs: 200 });
      survivor.register({ queue: jobs, type, handler: async (job) => void handled.push(job.id) });
      await survivor.start();
      await until('the job to succeed', async () => (await row(second)).status === 'succeeded');
      expect(handled).toEqual([second]);
      expect(await row(second)).toMatchObject({ attempts: 2, locked_by: null });
      expect(await row(first)).toMatchObject({
        status: 'succeeded',
        attempts: 1,
        result: { finished: true },
      });
    }, 60_000);

    it('the reaper fails a job whose last attempt died, and cancels one whose cancel was asked', async () => {
      const type = `reaped-${randomUUID().slice(0, 8)}`;
      const last = await enqueue(type, {}, { maxAttempts: 1 });
      await jobs.claim(type, 'dead-worker', 1, 50);
      const cancelled = await enqueue(type);
      await jobs.claim(type, 'dead-worker', 1, 50);
      await asOwner(() => jobs.cancel(cancelled));
      await sleep(150);
      await jobs.reap();
      expect(await row(last)).toMatchObject({ status: 'failed', locked_by: null });
      expect((await row(last)).last_error).toContain('lease expired');
      expect(await row(cancelled)).toMatchObject({ status: 'cancelled' });
    });
  });

  describe('a context’s own table (crm’s ai_jobs shape) on the same mechanics', () => {
    const transitions: JobTransition[] = [];
    let aiJobs: JobQueue;
    let failOn: string | null = null;

    beforeAll(async () => {
      await su.query(
        `CREATE TYPE sample_job_status AS ENUM ('queued', 'running', 'succeeded', 'failed', 'cancelled')`,
      );
      await su.query(`CREATE TABLE sample_ai_jobs (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(), tenant_id uuid, user_id uuid,
        job_type text NOT NULL, status sample_job_status NOT NULL, input_data jsonb, output_data jsonb,
        error_message text, attempts int DEFAULT 0, max_attempts int NOT NULL DEFAULT 3,
        run_after timestamptz NOT NULL DEFAULT now(), locked_by text, lease_expires_at timestamptz,
        heartbeat_at timestamptz, cancel_requested boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now(), started_at timestamptz, completed_at timestamptz)`);
      await su.query(`ALTER TABLE sample_ai_jobs ENABLE ROW LEVEL SECURITY`);
      await su.query(`ALTER TABLE sample_ai_jobs FORCE ROW LEVEL SECURITY`);
      await su.query(
        `CREATE POLICY own ON sample_ai_jobs USING (current_setting('app.scope', true) = 'system' OR user_id = NULLIF(current_setting('app.user_id', true), '')::uuid)`,
      );
      await su.query(`GRANT SELECT, INSERT, UPDATE ON sample_ai_jobs TO opsledger_app`);
      const table = defineJobTable(
        'sample_ai_jobs',
        {
          ownerId: 'user_id',
          type: 'job_type',
          payload: 'input_data',
          result: 'output_data',
          lastError: 'error_message',
        },
        'sample_job_status',
      );
      const listener = new (class extends JobTransitionListener {
        async onTransition(t: JobTransition) {
          if (t.kind === failOn) throw new Error(`listener refused ${t.kind}`);
          transitions.push(t);
        }
      })();
      aiJobs = moduleRef.get(JobQueues).create(table, listener);
    });

    it('runs, retries and completes, telling the listener every transition in order', async () => {
      const worker = newWorker({ backoff: { baseMs: 20, maxMs: 40 }, pollMs: 50 });
      const handler: JobHandler = async (job) => {
        if (job.attempt === 1) throw new Error('comps service hiccup');
        return { arv: 250_000 };
      };
      worker.register({ queue: aiJobs, type: 'property_valuation', handler });
      await worker.start();
      const id = await asOwner(() =>
        aiJobs.enqueue({ type: 'property_valuation', payload: { propertyId: 'p1' } }),
      );
      await until('the AI job to succeed', async () => {
        const r = await su.query(`SELECT status::text FROM sample_ai_jobs WHERE id = $1`, [id]);
        return r.rows[0].status === 'succeeded';
      });
      const r = (await su.query(`SELECT * FROM sample_ai_jobs WHERE id = $1`, [id])).rows[0];
      expect(r).toMatchObject({
        job_type: 'property_valuation',
        input_data: { propertyId: 'p1' },
        output_data: { arv: 250_000 },
        attempts: 2,
        user_id: owner,
      });
      expect(
        transitions.filter((t) => t.job.id === id).map((t) => `${t.kind}:${t.from ?? '-'}>${t.to}`),
      ).toEqual([
        'enqueued:->queued',
        'claimed:queued>running',
        'retry-scheduled:running>queued',
        'claimed:queued>running',
        'succeeded:running>succeeded',
      ]);
      expect(await asOwner(() => aiJobs.state(id))).toMatchObject({
        status: 'succeeded',
        result: { arv: 250_000 },
      });
      expect(await context.run(user(tenant), () => aiJobs.state(id))).toBeNull();
    });

    it('undoes a transition its listener refuses (the ledger write and the state change are one)', async () => {
      failOn = 'cancelled';
      const id = await asOwner(() => aiJobs.enqueue({ type: 'document_analysis' }));
      await expect(asOwner(() => aiJobs.cancel(id))).rejects.toThrow('listener refused cancelled');
      failOn = null;
      const r = await su.query(`SELECT status::text FROM sample_ai_jobs WHERE id = $1`, [id]);
      expect(r.rows[0].status).toBe('queued');
    });
  });

  it('the system scope sees every tenant’s job; status reads stay in the caller’s', async () => {
    const id = await enqueue(`seen-${randomUUID().slice(0, 8)}`);
    expect(await context.run(SYSTEM_ACTOR, () => jobs.state(id))).toMatchObject({
      id,
      tenantId: tenant,
    });
  });
});

/** Starts sigkill-worker.fixture.ts in a child process (ts-node), as a worker of its own. */
function spawnFixtureWorker(databaseUrl: string, type: string, leaseMs: number): ChildProcess {
  return spawn(
    process.execPath,
    [
      '-r',
      'ts-node/register/transpile-only',
      '-r',
      'tsconfig-paths/register',
      join(__dirname, 'sigkill-worker.fixture.ts'),
    ],
    {
      cwd: REPO_ROOT,
      env: {
        ...process.env,
        DATABASE_URL: databaseUrl,
        JOB_TYPE: type,
        LEASE_MS: String(leaseMs),
        TS_NODE_PROJECT: join(REPO_ROOT, 'tsconfig.json'),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
}

function waitForLine(child: ChildProcess, line: string, ms = 45_000): Promise<void> {
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(
      () => reject(new Error(`no "${line}" from the worker: ${out} ${err}`)),
      ms,
    );
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.split('\n').includes(line)) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the worker exited (${code}) before "${line}": ${err}`));
    });
  });
}
