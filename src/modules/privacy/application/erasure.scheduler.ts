import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { PeriodicTask } from '@opsledger/persistence';
import { APP_CONFIG, AppConfig } from '../../../config/app-config';
import { ErasureJob } from './erasure.job';

/** Due requests are picked up within this interval; erasures are not urgent to the second. */
export const ERASURE_JOB_INTERVAL_MS = 60 * 1000;

/**
 * Runs the erasure job on every instance (claims share the work). Off under NODE_ENV=test,
 * where suites run the job themselves.
 */
@Injectable()
export class ErasureScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly task: PeriodicTask;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    job: ErasureJob,
  ) {
    this.task = new PeriodicTask('erasure job', ERASURE_JOB_INTERVAL_MS, () => job.runDue());
  }

  onApplicationBootstrap(): void {
    if (this.config.NODE_ENV !== 'test') this.task.start();
  }

  onApplicationShutdown(): Promise<void> {
    return this.task.stop();
  }
}
