// One worker process of the queue benchmark (bench/queue.mjs): runs jobs of JOB_TYPE with
// JOB_CONCURRENCY slots, says "ready" once listening, and on SIGTERM prints how many times its
// handler ran before it exits.
import process from 'node:process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startQueueApp } from './lib/queue-app.mjs';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { app, jobs, worker } = await startQueueApp({
  repoRoot,
  databaseUrl: process.env.DATABASE_URL,
  poolSize: 4,
  workers: { concurrency: Number(process.env.JOB_CONCURRENCY), pollMs: 1000 },
  table: process.env.QUEUE_TABLE ?? 'jobs',
});
let runs = 0;
worker.register({
  queue: jobs,
  type: process.env.JOB_TYPE,
  handler: async (job) => {
    runs += 1;
    return { n: job.payload.n };
  },
});
await worker.start();
process.stdout.write('ready\n');
process.once('SIGTERM', async () => {
  await worker.stop(5000);
  process.stdout.write(`runs=${runs}\n`);
  // Closing is a courtesy: the count is out, and a pool still draining must not keep us.
  await Promise.race([app.close(), new Promise((done) => setTimeout(done, 2000))]);
  process.exit(0);
});
