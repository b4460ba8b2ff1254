import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { PeriodicTask } from '@opsledger/persistence';
import { APP_CONFIG, AppConfig } from '../../../config/app-config';
import { RetentionJob } from './retention.job';

/**
 * Applies the retention rules every RETENTION_INTERVAL_MINUTES on every instance (each rule's
 * advisory lock keeps instances apart). Off under NODE_ENV=test, where suites run the job
 * with the clock they choose.
 */
@Injectable()
export class RetentionScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly task: PeriodicTask;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    job: RetentionJob,
  ) {
    this.task = new PeriodicTask('retention job', config.RETENTION_INTERVAL_MINUTES * 60_000, () =>
      job.runAll(),
    );
  }

  onApplicationBootstrap(): void {
    if (this.config.NODE_ENV !== 'test') this.task.start();
  }

  onApplicationShutdown(): Promise<void> {
    return this.task.stop();
  }
}
