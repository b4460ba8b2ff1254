import { Injectable } from '@nestjs/common';
import { Db } from '@opsledger/persistence';
import { TokenStateView } from '../../application/queries/token-state.read-model';
import { TokenStateReader } from '../../application/queries/token-state.reader';

interface StateRow {
  id: string;
  token_hash: string;
  family_id: string;
  client_row_id: string;
  client_id: string;
  user_id: string | null;
  tenant_id: string | null;
  scopes: string[];
  audience: string[];
  session_id: string | null;
  expires_at: Date;
  created_at: Date;
  active: boolean;
}

const toView = (kind: TokenStateView['kind'], r: StateRow): TokenStateView => ({
  kind,
  id: r.id,
  tokenHash: r.token_hash,
  familyId: r.family_id,
  clientRowId: r.client_row_id,
  clientId: r.client_id,
  userId: r.user_id,
  tenantId: r.tenant_id,
  scopes: r.scopes,
  audience: r.audience,
  sessionId: r.session_id,
  expiresAt: r.expires_at,
  createdAt: r.created_at,
  active: r.active,
});

@Injectable()
export class SqlTokenStateReader extends TokenStateReader {
  constructor(private readonly db: Db) {
    super();
  }

  async accessToken(jti: string): Promise<TokenStateView | null> {
    const rows = (await this.db.manager.query(
      `SELECT t.id, t.token AS token_hash, t.family_id, c.id AS client_row_id, c.client_id, t.user_id, t.tenant_id, t.scopes,
              t.audience, f.session_id, t.expires_at, t.created_at,
              (t.revoked_at IS NULL AND f.revoked_at IS NULL AND COALESCE(c.is_active, true)) AS active
         FROM oauth_access_tokens t JOIN oauth_token_families f ON f.id = t.family_id JOIN oauth_clients c ON c.id = t.client_id
        WHERE t.id = $1`,
      [jti],
    )) as StateRow[];
    return rows[0] ? toView('access_token', rows[0]) : null;
  }

  async refreshToken(id: string): Promise<TokenStateView | null> {
    const rows = (await this.db.manager.query(
      `SELECT t.id, t.token_hash, t.family_id, c.id AS client_row_id, c.client_id, t.user_id, t.tenant_id, t.scopes,
              f.audience, f.session_id, t.expires_at, t.created_at,
              (t.revoked_at IS NULL AND t.rotated_at IS NULL AND f.revoked_at IS NULL AND COALESCE(c.is_active, true)) AS active
         FROM oauth_refresh_tokens t JOIN oauth_token_families f ON f.id = t.family_id JOIN oauth_clients c ON c.id = t.client_id
        WHERE t.id = $1`,
      [id],
    )) as StateRow[];
    return rows[0] ? toView('refresh_token', rows[0]) : null;
  }
}
