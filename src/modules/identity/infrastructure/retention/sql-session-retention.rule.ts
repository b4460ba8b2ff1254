import { Inject, Injectable } from '@nestjs/common';
import { Db } from '@opsledger/persistence';
import { before, SqlRetentionRule } from '@opsledger/personal-data';
import { APP_CONFIG, AppConfig } from '../../../../config/app-config';

/** Sign-in sessions (and, by cascade, their refresh tokens) some time after they ended (spec 001: 30 days). */
@Injectable()
export class SqlSessionRetentionRule extends SqlRetentionRule {
  readonly name = 'identity.sessions';
  readonly location = 'user_sessions';
  protected readonly due = `coalesce(revoked_at, expires_at) < $1`;

  constructor(
    db: Db,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    super(db);
  }

  get policy(): string {
    return `sessions and their refresh tokens: deleted ${this.config.RETENTION_SESSION_DAYS} days after they expire or are revoked`;
  }

  cutoff(now: Date): Date {
    return before.days(now, this.config.RETENTION_SESSION_DAYS);
  }
}
