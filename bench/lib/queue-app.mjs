// The compiled job queue (dist/) in a Nest application context of its own: what a worker
// process or the producer of the queue benchmark runs.
import { createRequire } from 'node:module';
import { join } from 'node:path';

const require = createRequire(import.meta.url);

/**
 * `table`: `jobs` (the platform queue) or `ai_jobs` (crm's queue: spec 002's table with its own
 * column names and job_status enum, the same mechanics; without crm's ledger listener).
 */
export async function startQueueApp({ repoRoot, databaseUrl, poolSize, workers, table = 'jobs' }) {
  const { NestFactory } = require('@nestjs/core');
  const dist = (lib) => join(repoRoot, 'dist', 'libs', lib, 'src', 'index.js');
  const { PersistenceModule, RequestContext } = require(dist('persistence'));
  const { actorOfJob, defineJobTable, Jobs, JobQueues, JobsModule, JobWorker } = require(
    dist('jobs'),
  );
  class QueueBenchModule {}
  const app = await NestFactory.createApplicationContext(
    {
      module: QueueBenchModule,
      imports: [
        PersistenceModule.forRoot({ databaseUrl, poolSize }),
        JobsModule.forRoot({ enabled: false, ...workers }),
      ],
    },
    { logger: ['error', 'warn'] },
  );
  return {
    app,
    jobs:
      table === 'ai_jobs'
        ? app.get(JobQueues).create(
            defineJobTable(
              'ai_jobs',
              {
                ownerId: 'user_id',
                type: 'job_type',
                payload: 'input_data',
                result: 'output_data',
                lastError: 'error_message',
              },
              'job_status',
            ),
          )
        : app.get(Jobs),
    worker: app.get(JobWorker),
    context: app.get(RequestContext),
    /** The system acting inside one tenant, as an ownerless job of that tenant runs. */
    systemActorOf: (tenantId) => actorOfJob({ tenantId, ownerId: null }),
  };
}
