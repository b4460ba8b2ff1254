import { DynamicModule, Global, Module } from '@nestjs/common';
import { JobNotifications } from './job-notifications';
import { JobQueues } from './job-queues';
import { JOB_WORKER_OPTIONS, JobWorker, JobWorkerOptions } from './job-worker';
import { Jobs } from './jobs';

export const DEFAULT_JOB_WORKER_OPTIONS: Omit<JobWorkerOptions, 'enabled'> = {
  concurrency: 2,
  pollMs: 1000,
  leaseMs: 30_000,
  reapIntervalMs: 10_000,
  backoff: { baseMs: 5_000, maxMs: 15 * 60_000 },
};

/**
 * Background jobs on PostgreSQL (needs PersistenceModule): `Jobs` (the platform queue),
 * `JobQueues` (the same mechanics on a context's own table) and `JobWorker`, which runs
 * registered handlers when `enabled` (or when a test calls `start()`).
 */
@Global()
@Module({})
export class JobsModule {
  static forRoot(options: Partial<JobWorkerOptions> & { enabled: boolean }): DynamicModule {
    return {
      module: JobsModule,
      providers: [
        { provide: JOB_WORKER_OPTIONS, useValue: { ...DEFAULT_JOB_WORKER_OPTIONS, ...options } },
        JobNotifications,
        JobWorker,
        Jobs,
        JobQueues,
      ],
      exports: [Jobs, JobQueues, JobWorker, JobNotifications],
    };
  }
}
