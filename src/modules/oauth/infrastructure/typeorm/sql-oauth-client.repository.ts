import { Injectable } from '@nestjs/common';
import { AggregateWriter } from '@opsledger/event-store';
import { Db } from '@opsledger/persistence';
import {
  GrantType,
  OAuthClient,
  TokenEndpointAuthMethod,
} from '../../domain/oauth-client.aggregate';
import { OAuthClientRepository } from '../../domain/oauth-client.repository';

export interface OAuthClientRow {
  id: string;
  client_id: string;
  client_secret: string;
  name: string;
  redirect_uris: string[];
  post_logout_redirect_uris: string[];
  allowed_origins: string[];
  grant_types: string[] | null;
  scopes: string[] | null;
  audience: string[];
  token_endpoint_auth_method: TokenEndpointAuthMethod;
  is_first_party: boolean;
  is_active: boolean | null;
  tenant_id: string | null;
  created_at: Date;
  updated_at: Date;
  secret_rotated_at: Date | null;
  version: number;
}

export const CLIENT_COLUMNS = `id, client_id, client_secret, name, redirect_uris, post_logout_redirect_uris, allowed_origins, grant_types, scopes, audience,
  token_endpoint_auth_method, is_first_party, is_active, tenant_id, created_at, updated_at, secret_rotated_at, version`;

function toDomain(row: OAuthClientRow): OAuthClient {
  return OAuthClient.rehydrate(row.id, row.version, {
    clientId: row.client_id,
    secretHash: row.client_secret === '' ? null : row.client_secret,
    name: row.name,
    redirectUris: row.redirect_uris,
    postLogoutRedirectUris: row.post_logout_redirect_uris,
    allowedOrigins: row.allowed_origins,
    grantTypes: (row.grant_types ?? []) as GrantType[],
    scopes: row.scopes ?? [],
    audience: row.audience,
    tokenEndpointAuthMethod: row.token_endpoint_auth_method,
    isFirstParty: row.is_first_party,
    isActive: row.is_active ?? true,
    tenantId: row.tenant_id,
    createdAt: row.created_at,
    secretRotatedAt: row.secret_rotated_at,
  });
}

@Injectable()
export class SqlOAuthClientRepository extends OAuthClientRepository {
  /** The secret hash as loaded: a save sends it only when it changed (a rotation). */
  private readonly loadedSecret = new WeakMap<OAuthClient, string | null>();

  constructor(
    private readonly db: Db,
    private readonly writer: AggregateWriter,
  ) {
    super();
  }

  async findById(id: string): Promise<OAuthClient | null> {
    const rows = (await this.db.manager.query(
      `SELECT ${CLIENT_COLUMNS} FROM oauth_clients WHERE id = $1 FOR UPDATE`,
      [id],
    )) as OAuthClientRow[];
    return rows[0] ? this.track(toDomain(rows[0])) : null;
  }

  async findByClientId(clientId: string): Promise<OAuthClient | null> {
    const rows = (await this.db.manager.query(
      `SELECT ${CLIENT_COLUMNS} FROM oauth_clients WHERE client_id = $1`,
      [clientId],
    )) as OAuthClientRow[];
    return rows[0] ? this.track(toDomain(rows[0])) : null;
  }

  private track(client: OAuthClient): OAuthClient {
    this.loadedSecret.set(client, client.snapshot.secretHash);
    return client;
  }

  async save(client: OAuthClient): Promise<void> {
    const s = client.snapshot;
    const json = (v: unknown) => JSON.stringify(v);
    await this.writer.save(
      client,
      s.tenantId,
      async ({ manager, expectedVersion, nextVersion, isNew }) => {
        if (isNew) {
          await manager.query(
            `INSERT INTO oauth_clients (id, client_id, client_secret, name, redirect_uris, post_logout_redirect_uris, grant_types, scopes,
             audience, token_endpoint_auth_method, is_first_party, is_active, tenant_id, created_at, updated_at, version, allowed_origins)
           VALUES ($1, $2, $3, $4, $5::jsonb, $6::jsonb, $7::jsonb, $8::jsonb, $9::jsonb, $10, $11, $12, $13, $14, $14, $15, $16::jsonb)`,
            [
              client.id,
              s.clientId,
              s.secretHash ?? '',
              s.name,
              json(s.redirectUris),
              json(s.postLogoutRedirectUris),
              json(s.grantTypes),
              json(s.scopes),
              json(s.audience),
              s.tokenEndpointAuthMethod,
              s.isFirstParty,
              s.isActive,
              s.tenantId,
              s.createdAt,
              nextVersion,
              json(s.allowedOrigins),
            ],
          );
          return true;
        }
        const secretChanged =
          !this.loadedSecret.has(client) || this.loadedSecret.get(client) !== s.secretHash;
        const updated = (await manager.query(
          `UPDATE oauth_clients SET client_secret = CASE WHEN $15 THEN $3 ELSE client_secret END, name = $4, redirect_uris = $5::jsonb, post_logout_redirect_uris = $6::jsonb,
           grant_types = $7::jsonb, scopes = $8::jsonb, audience = $9::jsonb, is_first_party = $10, is_active = $11,
           secret_rotated_at = $12, version = $13, allowed_origins = $14::jsonb
         WHERE id = $1 AND version = $2 RETURNING id`,
          [
            client.id,
            expectedVersion,
            secretChanged ? (s.secretHash ?? '') : null,
            s.name,
            json(s.redirectUris),
            json(s.postLogoutRedirectUris),
            json(s.grantTypes),
            json(s.scopes),
            json(s.audience),
            s.isFirstParty,
            s.isActive,
            s.secretRotatedAt,
            nextVersion,
            json(s.allowedOrigins),
            secretChanged,
          ],
        )) as [unknown[], number];
        return updated[1] === 1;
      },
    );
    this.track(client);
  }
}
