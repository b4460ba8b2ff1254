import { Inject, Injectable } from '@nestjs/common';
import { Db } from '@opsledger/persistence';
import { before, SqlRetentionRule } from '@opsledger/personal-data';
import { APP_CONFIG, AppConfig } from '../../../../config/app-config';

/** OIDC provider sessions some time after they ended; codes and families keep no link to them. */
@Injectable()
export class SqlOidcSessionRetentionRule extends SqlRetentionRule {
  readonly name = 'oauth.sessions';
  readonly location = 'oauth_sessions';
  protected readonly due = `least(coalesce(ended_at, expires_at), expires_at) < $1`;

  constructor(
    db: Db,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    super(db);
  }

  get policy(): string {
    return `OpenID Connect sessions: deleted ${this.config.RETENTION_SESSION_DAYS} days after they end or expire`;
  }

  cutoff(now: Date): Date {
    return before.days(now, this.config.RETENTION_SESSION_DAYS);
  }
}
