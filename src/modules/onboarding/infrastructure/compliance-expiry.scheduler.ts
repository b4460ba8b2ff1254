import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { PeriodicTask } from '@opsledger/persistence';
import { APP_CONFIG, AppConfig } from '../../../config/app-config';
import { ComplianceExpiryJob } from '../application/jobs/compliance-expiry.job';

/**
 * Runs the expiration job every ONBOARDING_EXPIRY_INTERVAL_MINUTES (a day by default) on every
 * instance; its SKIP LOCKED claims share the rows between instances. Off under NODE_ENV=test,
 * where suites run the job themselves.
 */
@Injectable()
export class ComplianceExpiryScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly task: PeriodicTask;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    job: ComplianceExpiryJob,
  ) {
    this.task = new PeriodicTask(
      'onboarding expiry',
      config.ONBOARDING_EXPIRY_INTERVAL_MINUTES * 60_000,
      () => job.run(),
    );
  }

  onApplicationBootstrap(): void {
    if (this.config.NODE_ENV !== 'test') this.task.start();
  }

  onApplicationShutdown(): Promise<void> {
    return this.task.stop();
  }
}
