import { Inject, Injectable } from '@nestjs/common';
import { Db } from '@opsledger/persistence';
import { before, SqlRetentionRule } from '@opsledger/personal-data';
import { APP_CONFIG, AppConfig } from '../../../../config/app-config';

/** Finished platform jobs (the queue keeps queued and running ones). */
@Injectable()
export class SqlFinishedJobRetentionRule extends SqlRetentionRule {
  readonly name = 'platform.finished-jobs';
  readonly location = 'jobs';
  protected readonly due = `status IN ('succeeded', 'failed', 'cancelled') AND coalesce(completed_at, updated_at) < $1`;

  constructor(
    db: Db,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    super(db);
  }

  get policy(): string {
    return `background jobs that succeeded, failed or were cancelled: deleted ${this.config.RETENTION_FINISHED_JOB_DAYS} days after they finished`;
  }

  cutoff(now: Date): Date {
    return before.days(now, this.config.RETENTION_FINISHED_JOB_DAYS);
  }
}
