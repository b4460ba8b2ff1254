import {
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnApplicationShutdown,
} from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../../../../config/app-config';
import { ContractExpiryJob } from './contract-expiry.job';
import { InvoiceOverdueJob } from './invoice-overdue.job';

/**
 * Due dates and end dates have a granularity of one day, so a few minutes' delay is harmless
 * and a frequent run is cheap (an indexed scan that usually finds nothing).
 */
export const BILLING_JOBS_INTERVAL_MS = 5 * 60 * 1000;

/**
 * Runs the overdue and expiry sweeps on every instance; their SKIP LOCKED claims share the
 * work between instances. Off under NODE_ENV=test, where suites run the jobs themselves.
 */
@Injectable()
export class BillingJobsScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(BillingJobsScheduler.name);
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly overdue: InvoiceOverdueJob,
    private readonly expiry: ContractExpiryJob,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.NODE_ENV === 'test') return;
    this.timer = setInterval(() => this.tick(), BILLING_JOBS_INTERVAL_MS);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  /** One pass of both jobs; a pass still running when the next tick comes is not doubled. */
  tick(): void {
    if (this.running) return;
    this.running = (async () => {
      const invoices = await this.overdue.run();
      const contracts = await this.expiry.run();
      if (invoices.length + contracts.length > 0) {
        this.logger.log(
          { overdueInvoices: invoices.length, expiredContracts: contracts.length },
          'billing jobs ran',
        );
      }
    })()
      .catch((error: unknown) => this.logger.error({ err: error }, 'billing jobs failed'))
      .finally(() => {
        this.running = null;
      });
  }
}
