import { Inject, Injectable } from '@nestjs/common';
import { Db } from '@opsledger/persistence';
import { before, SqlRetentionRule } from '@opsledger/personal-data';
import { APP_CONFIG, AppConfig } from '../../../../config/app-config';

/** OAuth token families (and, by cascade, their access and refresh tokens) some time after they ended (spec 001: 30 days). */
@Injectable()
export class SqlTokenFamilyRetentionRule extends SqlRetentionRule {
  readonly name = 'oauth.token-families';
  readonly location = 'oauth_token_families';
  protected readonly due = `least(coalesce(revoked_at, expires_at), expires_at) < $1`;

  constructor(
    db: Db,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    super(db);
  }

  get policy(): string {
    return `token families with their access and refresh tokens: deleted ${this.config.RETENTION_SESSION_DAYS} days after they expire or are revoked`;
  }

  cutoff(now: Date): Date {
    return before.days(now, this.config.RETENTION_SESSION_DAYS);
  }
}
