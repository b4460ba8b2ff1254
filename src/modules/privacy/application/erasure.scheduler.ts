import {
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnApplicationShutdown,
} from '@nestjs/common';
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
  private readonly logger = new Logger(ErasureScheduler.name);
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly job: ErasureJob,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.NODE_ENV === 'test') return;
    this.timer = setInterval(() => this.tick(), ERASURE_JOB_INTERVAL_MS);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  tick(): void {
    if (this.running) return;
    this.running = this.job
      .runDue()
      .then(() => undefined)
      .catch((error: unknown) => this.logger.error({ err: error }, 'erasure job failed'))
      .finally(() => {
        this.running = null;
      });
  }
}
