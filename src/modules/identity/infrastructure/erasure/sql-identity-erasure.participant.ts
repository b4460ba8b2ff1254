import { Inject, Injectable } from '@nestjs/common';
import { Db } from '@opsledger/persistence';
import {
  deleteRowsOf,
  ErasureDiscovery,
  ErasureParticipant,
  ErasureReceipt,
  ErasureWork,
  PersonalDataProtector,
} from '@opsledger/personal-data';
import { APP_CONFIG, AppConfig } from '../../../../config/app-config';
import { LoginThrottle } from '../../application/login-throttle.port';

/** Identity's tables, in the order their foreign keys let them go. */
const TABLES = [
  'user_action_tokens',
  'refresh_tokens',
  'user_sessions',
  'user_organizations',
  'user_tenants',
  'profiles',
  'users',
] as const;

/**
 * Identity's part of erasing a user, after the contexts that find their records through the
 * user: the account, profile, sessions, refresh tokens, action tokens and memberships are
 * deleted (none is kept by another law), and the login throttle's counters for the user's
 * email, username and session addresses are dropped (Redis when configured). What the user
 * typed at a login prompt was sealed under the aliases of their email and username, which the
 * ledger shreds with the user's key.
 */
@Injectable()
export class SqlIdentityErasureParticipant extends ErasureParticipant {
  readonly name = 'identity';
  override readonly order = 90;

  constructor(
    private readonly db: Db,
    private readonly throttle: LoginThrottle,
    private readonly protector: PersonalDataProtector,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    super();
  }

  override async discover(userId: string): Promise<ErasureDiscovery> {
    const logins = await this.db.transaction(() => this.loginsOf(userId));
    return {
      subjects: logins.map((login) => ({
        subjectId: this.protector.aliasOf(login),
        kind: 'alias',
      })),
    };
  }

  async erase(work: ErasureWork): Promise<ErasureReceipt[]> {
    return this.db.transaction(async () => {
      // Counters first: once the account is gone nothing names them any more.
      const addresses = (await this.db.manager.query(
        `SELECT DISTINCT host(ip_address) AS ip FROM user_sessions WHERE user_id = $1 AND ip_address IS NOT NULL`,
        [work.userId],
      )) as Array<{ ip: string }>;
      const keys = [
        ...(await this.loginsOf(work.userId)).map((login) => `account:${login}`),
        ...addresses.map((a) => `ip:${a.ip}`),
      ];
      for (const key of keys) await this.throttle.reset(key);
      const receipts = await deleteRowsOf(this.db, work.userId, TABLES, (table) =>
        table === 'users' || table === 'profiles' ? 'id' : 'user_id',
      );
      receipts.push({
        store: this.config.REDIS_URL ? 'redis' : 'memory',
        location: 'login throttle counters',
        action: 'deleted',
        count: keys.length,
      });
      return receipts;
    });
  }

  /** The names the user signs in with, as login counters and aliases key them. */
  private async loginsOf(userId: string): Promise<string[]> {
    const rows = (await this.db.manager.query(`SELECT email, username FROM users WHERE id = $1`, [
      userId,
    ])) as Array<{ email: string; username: string | null }>;
    const row = rows[0];
    if (!row) return [];
    return [row.email, row.username]
      .filter((v): v is string => !!v)
      .map((v) => v.trim().toLowerCase());
  }
}
