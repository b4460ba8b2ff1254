import { Inject, Injectable } from '@nestjs/common';
import { Db } from '@opsledger/persistence';
import { before, SqlRetentionRule } from '@opsledger/personal-data';
import { APP_CONFIG, AppConfig } from '../../../../config/app-config';

/** One-time action tokens some time after they were used or expired. */
@Injectable()
export class SqlActionTokenRetentionRule extends SqlRetentionRule {
  readonly name = 'identity.action-tokens';
  readonly location = 'user_action_tokens';
  protected readonly due = `coalesce(used_at, expires_at) < $1`;

  constructor(
    db: Db,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    super(db);
  }

  get policy(): string {
    return `email-verification, password-reset and invitation tokens: deleted ${this.config.RETENTION_ACTION_TOKEN_DAYS} days after use or expiry`;
  }

  cutoff(now: Date): Date {
    return before.days(now, this.config.RETENTION_ACTION_TOKEN_DAYS);
  }
}
