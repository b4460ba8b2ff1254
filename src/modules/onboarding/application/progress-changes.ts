import { Injectable, Logger } from '@nestjs/common';
import { ProgressCache } from './progress-cache';
import { ProgressNotifier } from './progress-notifier';

/**
 * What follows a committed change of a contractor's onboarding: its cached progress is
 * dropped (PostgreSQL being the truth), then the change is pushed to the watching tabs.
 * Runs after the commit and never fails the request that caused it.
 */
@Injectable()
export class ProgressChanges {
  private readonly logger = new Logger(ProgressChanges.name);

  constructor(
    private readonly cache: ProgressCache,
    private readonly notifier: ProgressNotifier,
  ) {}

  committed(tenantId: string, contractorId: string): void {
    void this.cache
      .drop(contractorId)
      .catch((error: unknown) =>
        this.logger.warn(`progress cache drop failed: ${(error as Error).message}`),
      )
      .finally(() => this.notifier.changed(tenantId, contractorId));
  }
}
