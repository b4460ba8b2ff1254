import { Injectable } from '@nestjs/common';
import { decodeCursor, Page, toPage } from '@opsledger/http';
import { Db } from '@opsledger/persistence';
import { OAuthGrantView } from '../../application/queries/oauth-grant.read-model';
import { OAuthGrantReader } from '../../application/queries/oauth-grant.reader';

interface GrantRow {
  id: string;
  client_id: string;
  name: string;
  is_first_party: boolean;
  scopes: string[] | null;
  granted_at: Date | null;
  active_families: number;
  last_issued_at: Date | null;
}

const toView = (r: GrantRow): OAuthGrantView => ({
  clientId: r.client_id,
  clientName: r.name,
  isFirstParty: r.is_first_party,
  scopes: r.scopes ?? [],
  consentedAt: r.granted_at,
  activeTokenFamilies: r.active_families,
  lastIssuedAt: r.last_issued_at,
});

/** Clients the user has a live consent for, or live tokens of (first-party clients need no consent). */
@Injectable()
export class SqlOAuthGrantReader extends OAuthGrantReader {
  constructor(private readonly db: Db) {
    super();
  }

  async listForUser(
    userId: string,
    limit: number,
    cursor: string | undefined,
  ): Promise<Page<OAuthGrantView>> {
    const after = decodeCursor(cursor, 1) as [string] | null;
    const rows = (await this.db.manager.query(
      `SELECT c.id, c.client_id, c.name, c.is_first_party, co.scopes, co.granted_at,
              (SELECT count(*)::int FROM oauth_token_families f
                WHERE f.client_id = c.id AND f.user_id = $1 AND f.revoked_at IS NULL AND f.expires_at > now()) AS active_families,
              (SELECT max(f.created_at) FROM oauth_token_families f WHERE f.client_id = c.id AND f.user_id = $1) AS last_issued_at
         FROM oauth_clients c
         LEFT JOIN oauth_consents co ON co.client_id = c.id AND co.user_id = $1 AND co.revoked_at IS NULL
        WHERE (co.id IS NOT NULL OR EXISTS (SELECT 1 FROM oauth_token_families f
                 WHERE f.client_id = c.id AND f.user_id = $1 AND f.revoked_at IS NULL AND f.expires_at > now()))
          AND ($2::uuid IS NULL OR c.id > $2::uuid)
        ORDER BY c.id LIMIT $3`,
      [userId, after?.[0] ?? null, limit + 1],
    )) as GrantRow[];
    return toPage(rows, limit, toView, (r) => [r.id]);
  }
}
