import { Injectable } from '@nestjs/common';
import { decodeCursor, Page, toPage } from '@opsledger/http';
import { Db } from '@opsledger/persistence';
import { OAuthClientView } from '../../application/queries/oauth-client.read-model';
import { OAuthClientReader } from '../../application/queries/oauth-client.reader';
import { CLIENT_COLUMNS, OAuthClientRow } from './sql-oauth-client.repository';

const toView = (r: OAuthClientRow): OAuthClientView => ({
  id: r.id,
  clientId: r.client_id,
  name: r.name,
  redirectUris: r.redirect_uris,
  postLogoutRedirectUris: r.post_logout_redirect_uris,
  allowedOrigins: r.allowed_origins,
  grantTypes: r.grant_types ?? [],
  scopes: r.scopes ?? [],
  audience: r.audience,
  tokenEndpointAuthMethod: r.token_endpoint_auth_method,
  isFirstParty: r.is_first_party,
  isActive: r.is_active ?? true,
  tenantId: r.tenant_id,
  secretRotatedAt: r.secret_rotated_at,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  version: r.version,
});

@Injectable()
export class SqlOAuthClientReader extends OAuthClientReader {
  constructor(private readonly db: Db) {
    super();
  }

  async get(id: string): Promise<OAuthClientView | null> {
    const rows = (await this.db.manager.query(
      `SELECT ${CLIENT_COLUMNS} FROM oauth_clients WHERE id = $1`,
      [id],
    )) as OAuthClientRow[];
    return rows[0] ? toView(rows[0]) : null;
  }

  async isAllowedOrigin(origin: string): Promise<boolean> {
    const rows = (await this.db.manager.query(
      `SELECT 1 FROM oauth_clients WHERE COALESCE(is_active, true) AND allowed_origins ? $1 LIMIT 1`,
      [origin],
    )) as unknown[];
    return rows.length > 0;
  }

  async findByClientId(clientId: string): Promise<OAuthClientView | null> {
    return (await this.credentialsOf(clientId))?.client ?? null;
  }

  async credentialsOf(
    clientId: string,
  ): Promise<{ client: OAuthClientView; secretHash: string | null } | null> {
    const rows = (await this.db.manager.query(
      `SELECT ${CLIENT_COLUMNS} FROM oauth_clients WHERE client_id = $1`,
      [clientId],
    )) as OAuthClientRow[];
    const row = rows[0];
    return row
      ? { client: toView(row), secretHash: row.client_secret === '' ? null : row.client_secret }
      : null;
  }

  async list(limit: number, cursor: string | undefined): Promise<Page<OAuthClientView>> {
    const after = decodeCursor(cursor, 2) as [string, string] | null;
    const rows = (await this.db.manager.query(
      `SELECT ${CLIENT_COLUMNS}, to_char(created_at, 'YYYY-MM-DD"T"HH24:MI:SS.US') AS cursor_at FROM oauth_clients
        WHERE ($1::timestamp IS NULL OR (created_at, id) > ($1::timestamp, $2::uuid))
        ORDER BY created_at, id LIMIT $3`,
      [after?.[0] ?? null, after?.[1] ?? null, limit + 1],
    )) as Array<OAuthClientRow & { cursor_at: string }>;
    return toPage(rows, limit, toView, (r) => [r.cursor_at, r.id]);
  }
}
