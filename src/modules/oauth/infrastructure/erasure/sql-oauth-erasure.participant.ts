import { Injectable } from '@nestjs/common';
import { Db } from '@opsledger/persistence';
import {
  deleteRowsOf,
  ErasureParticipant,
  ErasureReceipt,
  ErasureWork,
} from '@opsledger/personal-data';

/** The provider's tables holding a user's grants and sign-ins, children first. */
const TABLES = [
  'oauth_access_tokens',
  'oauth_refresh_tokens',
  'oauth_authorization_codes',
  'oauth_token_families',
  'oauth_sessions',
  'oauth_consents',
  'external_identities',
] as const;

/**
 * The OAuth provider's part of erasing a user: consents, token families with their access and
 * refresh tokens, codes, browser (SSO) sessions with their addresses, and links to external
 * identity providers are deleted; no other law keeps them. Tokens already handed out stop
 * working at introspection and userinfo at once.
 */
@Injectable()
export class SqlOAuthErasureParticipant extends ErasureParticipant {
  readonly name = 'oauth';
  override readonly order = 30;

  constructor(private readonly db: Db) {
    super();
  }

  erase(work: ErasureWork): Promise<ErasureReceipt[]> {
    return this.db.transaction(() => deleteRowsOf(this.db, work.userId, TABLES));
  }
}
