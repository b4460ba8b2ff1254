import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Db, PeriodicTask, RequestContext, SYSTEM_ACTOR } from '@opsledger/persistence';
import { APP_CONFIG, AppConfig } from '../../../config/app-config';

/** Spec 001: the profile summary is refreshed hourly. */
export const PROFILE_SUMMARY_INTERVAL_MS = 60 * 60 * 1000;

/**
 * Refreshes `contractor_profile_summary` CONCURRENTLY (readers never wait) every hour on every
 * instance; a transaction-level advisory lock lets one instance refresh at a time. Off under
 * NODE_ENV=test, where suites call `refresh()`.
 */
@Injectable()
export class ProfileSummaryScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly task: PeriodicTask;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly db: Db,
    private readonly context: RequestContext,
  ) {
    this.task = new PeriodicTask('profile summary refresh', PROFILE_SUMMARY_INTERVAL_MS, () =>
      this.refresh(),
    );
  }

  /** True when this call refreshed the view, false when another instance was doing it. */
  refresh(): Promise<boolean> {
    return this.context.run(SYSTEM_ACTOR, () =>
      this.db.transaction(async () => {
        const [lock] = (await this.db.manager.query(
          `SELECT pg_try_advisory_xact_lock(hashtext('portfolio:profile-summary')) AS ok`,
        )) as Array<{ ok: boolean }>;
        if (!lock.ok) return false;
        await this.db.manager.query(`SELECT portfolio_refresh_profile_summary()`);
        return true;
      }),
    );
  }

  onApplicationBootstrap(): void {
    if (this.config.NODE_ENV !== 'test') this.task.start();
  }

  onApplicationShutdown(): Promise<void> {
    return this.task.stop();
  }
}
