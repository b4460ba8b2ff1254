/*
 * A worker process for the lease-expiry tests (jobs.int-spec.ts): it claims jobs of the type
 * given in JOB_TYPE and says "started <id>" on stdout; a job whose payload has `finishAfterMs`
 * returns after that long and says "finished <id>" (its success then waits in the completion
 * buffer), any other never finishes, so the test can kill it with SIGKILL mid-job. Run with
 * ts-node; never part of the build.
 */
import 'reflect-metadata';
import { Test } from '@nestjs/testing';
import { PersistenceModule } from '@opsledger/persistence';
import { Jobs } from './jobs';
import { JobsModule } from './jobs.module';
import { JobWorker } from './job-worker';

async function main(): Promise<void> {
  const moduleRef = await Test.createTestingModule({
    imports: [
      PersistenceModule.forRoot({ databaseUrl: process.env.DATABASE_URL!, poolSize: 3 }),
      JobsModule.forRoot({ enabled: false, pollMs: 100, leaseMs: Number(process.env.LEASE_MS) }),
    ],
  }).compile();
  await moduleRef.init();
  const worker = moduleRef.get(JobWorker);
  worker.register({
    queue: moduleRef.get(Jobs),
    type: process.env.JOB_TYPE!,
    concurrency: 1,
    handler: async (job) => {
      process.stdout.write(`started ${job.id}\n`);
      const { finishAfterMs } = (job.payload ?? {}) as { finishAfterMs?: number };
      if (finishAfterMs === undefined) await new Promise(() => undefined);
      await new Promise((resolve) => setTimeout(resolve, finishAfterMs));
      process.stdout.write(`finished ${job.id}\n`);
      return { finished: true };
    },
  });
  await worker.start();
  process.stdout.write('ready\n');
}

main().catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exit(1);
});
