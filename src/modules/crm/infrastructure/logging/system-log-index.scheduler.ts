import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Db, PeriodicTask, RequestContext, SYSTEM_ACTOR } from '@opsledger/persistence';
import { APP_CONFIG, AppConfig } from '../../../../config/app-config';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Keeps `idx_system_logs_recent` fresh: daily, the owner's function
 * `system_logs_refresh_recent_index()` rebuilds it with the cutoff of midnight UTC seven days
 * ago (its advisory lock lets one instance at a time do it). At start, an index whose cutoff
 * is more than eight days old is rebuilt at once. Off under NODE_ENV=test, where suites call
 * `refresh()`.
 */
@Injectable()
export class SystemLogIndexScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly task: PeriodicTask;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly db: Db,
    private readonly context: RequestContext,
  ) {
    this.task = new PeriodicTask('system_logs recent index refresh', DAY_MS, () => this.refresh());
  }

  /** The new cutoff, or null when another instance was rebuilding the index. */
  refresh(): Promise<Date | null> {
    return this.context.run(SYSTEM_ACTOR, () =>
      this.db.transaction(async () => {
        const [row] = (await this.db.manager.query(
          `SELECT system_logs_refresh_recent_index() AS cutoff`,
        )) as Array<{ cutoff: Date | null }>;
        return row.cutoff;
      }),
    );
  }

  /** The cutoff in the index's predicate now (null without the index). */
  cutoff(): Promise<Date | null> {
    return this.context.run(SYSTEM_ACTOR, () =>
      this.db.read(async () => {
        const [row] = (await this.db.manager.query(
          `SELECT substring(indexdef from '> ''([^'']+)''')::timestamptz AS cutoff FROM pg_indexes
            WHERE schemaname = 'public' AND indexname = 'idx_system_logs_recent'`,
        )) as Array<{ cutoff: Date | null } | undefined>;
        return row?.cutoff ?? null;
      }),
    );
  }

  onApplicationBootstrap(): void {
    if (this.config.NODE_ENV === 'test') return;
    this.task.start();
    void this.cutoff()
      .then((cutoff) => {
        if (!cutoff || Date.now() - cutoff.getTime() > 8 * DAY_MS) this.task.tick();
      })
      .catch(() => this.task.tick());
  }

  onApplicationShutdown(): Promise<void> {
    return this.task.stop();
  }
}
