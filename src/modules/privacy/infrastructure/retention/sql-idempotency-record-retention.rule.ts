import { Inject, Injectable } from '@nestjs/common';
import { Db } from '@opsledger/persistence';
import { before, SqlRetentionRule } from '@opsledger/personal-data';
import { APP_CONFIG, AppConfig } from '../../../../config/app-config';

/** Completed Idempotency-Key records once a retry is no longer expected. */
@Injectable()
export class SqlIdempotencyRecordRetentionRule extends SqlRetentionRule {
  readonly name = 'platform.idempotency-records';
  readonly location = 'idempotency_keys';
  protected readonly due = `completed_at < $1`;

  constructor(
    db: Db,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    super(db);
  }

  get policy(): string {
    return `stored responses of Idempotency-Key requests: deleted ${this.config.RETENTION_IDEMPOTENCY_HOURS} hours after they completed (a retry after that runs again)`;
  }

  cutoff(now: Date): Date {
    return before.hours(now, this.config.RETENTION_IDEMPOTENCY_HOURS);
  }
}
