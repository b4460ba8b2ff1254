import { Inject, Injectable } from '@nestjs/common';
import { Db } from '@opsledger/persistence';
import { before, SqlRetentionRule } from '@opsledger/personal-data';
import { APP_CONFIG, AppConfig } from '../../../../config/app-config';

/** Authorization codes after expiry; token families keep no link to a deleted code (ON DELETE SET NULL). */
@Injectable()
export class SqlAuthorizationCodeRetentionRule extends SqlRetentionRule {
  readonly name = 'oauth.authorization-codes';
  readonly location = 'oauth_authorization_codes';
  protected readonly due = `expires_at < $1`;

  constructor(
    db: Db,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    super(db);
  }

  get policy(): string {
    return `authorization codes: deleted ${this.config.RETENTION_AUTHORIZATION_CODE_HOURS} hours after they expire (a replayed code is refused as expired before that, and as unknown after)`;
  }

  cutoff(now: Date): Date {
    return before.hours(now, this.config.RETENTION_AUTHORIZATION_CODE_HOURS);
  }
}
