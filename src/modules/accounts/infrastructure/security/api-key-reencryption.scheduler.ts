import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { PeriodicTask } from '@opsledger/persistence';
import { APP_CONFIG, AppConfig } from '../../../../config/app-config';
import { SqlApiKeyReencryption } from './sql-api-key.reencryption';

/** How often every instance looks for API keys under a vault key other than the active one. */
export const API_KEY_REENCRYPTION_INTERVAL_MS = 10 * 60_000;

/**
 * Runs the vault's re-encryption at start and then periodically on every instance (rows are
 * claimed with SKIP LOCKED). Off under NODE_ENV=test, where suites run it when they choose.
 */
@Injectable()
export class ApiKeyReencryptionScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly task: PeriodicTask;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    reencryption: SqlApiKeyReencryption,
  ) {
    this.task = new PeriodicTask(
      'API-key vault re-encryption',
      API_KEY_REENCRYPTION_INTERVAL_MS,
      () => reencryption.run(),
    );
  }

  onApplicationBootstrap(): void {
    if (this.config.NODE_ENV === 'test') return;
    this.task.start();
    this.task.tick();
  }

  onApplicationShutdown(): Promise<void> {
    return this.task.stop();
  }
}
