import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { PeriodicTask } from '@opsledger/persistence';
import { APP_CONFIG, AppConfig } from '../../../../config/app-config';
import { ContractExpiryJob } from './contract-expiry.job';
import { InvoiceOverdueJob } from './invoice-overdue.job';

/**
 * Runs the overdue and expiry sweeps every FIELD_SERVICE_JOBS_INTERVAL_MINUTES on every
 * instance; their SKIP LOCKED claims share the work between instances. Due dates and end
 * dates have a granularity of one day, so a few minutes' delay is harmless and a frequent run
 * is cheap (an indexed scan that usually finds nothing). Off under NODE_ENV=test, where suites
 * run the jobs themselves.
 */
@Injectable()
export class BillingJobsScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly task: PeriodicTask;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    overdue: InvoiceOverdueJob,
    expiry: ContractExpiryJob,
  ) {
    this.task = new PeriodicTask(
      'billing jobs',
      config.FIELD_SERVICE_JOBS_INTERVAL_MINUTES * 60_000,
      async () => {
        await overdue.run();
        await expiry.run();
      },
    );
  }

  onApplicationBootstrap(): void {
    if (this.config.NODE_ENV !== 'test') this.task.start();
  }

  onApplicationShutdown(): Promise<void> {
    return this.task.stop();
  }
}
