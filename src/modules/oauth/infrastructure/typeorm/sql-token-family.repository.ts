import { Injectable } from '@nestjs/common';
import { AggregateWriter } from '@opsledger/event-store';
import { Db } from '@opsledger/persistence';
import { EntityManager } from 'typeorm';
import {
  AccessTokenRecord,
  FamilyGrantType,
  RefreshTokenRecord,
  TokenFamily,
} from '../../domain/token-family.aggregate';
import { TokenFamilyRepository } from '../../domain/token-family.repository';

interface FamilyRow {
  id: string;
  client_id: string;
  user_id: string | null;
  tenant_id: string | null;
  grant_type: FamilyGrantType;
  scopes: string[];
  audience: string[];
  session_id: string | null;
  auth_time: Date | null;
  authorization_code_id: string | null;
  expires_at: Date;
  created_at: Date;
  revoked_at: Date | null;
  revoked_reason: string | null;
  version: number;
}

interface AccessRow {
  id: string;
  token: string;
  scopes: string[];
  audience: string[];
  expires_at: Date;
  created_at: Date;
  revoked_at: Date | null;
}

interface RefreshRow {
  id: string;
  token_hash: string;
  scopes: string[];
  expires_at: Date;
  created_at: Date;
  rotated_at: Date | null;
  replaced_by: string | null;
  revoked_at: Date | null;
}

const FAMILY_COLUMNS = `id, client_id, user_id, tenant_id, grant_type, scopes, audience, session_id, auth_time, authorization_code_id,
  expires_at, created_at, revoked_at, revoked_reason, version`;

const toAccess = (r: AccessRow): AccessTokenRecord => ({
  id: r.id,
  tokenHash: r.token,
  scopes: r.scopes,
  audience: r.audience,
  expiresAt: r.expires_at,
  createdAt: r.created_at,
  revokedAt: r.revoked_at,
});

const toRefresh = (r: RefreshRow): RefreshTokenRecord => ({
  id: r.id,
  tokenHash: r.token_hash,
  scopes: r.scopes,
  expiresAt: r.expires_at,
  createdAt: r.created_at,
  rotatedAt: r.rotated_at,
  replacedBy: r.replaced_by,
  revokedAt: r.revoked_at,
});

@Injectable()
export class SqlTokenFamilyRepository extends TokenFamilyRepository {
  constructor(
    private readonly db: Db,
    private readonly writer: AggregateWriter,
  ) {
    super();
  }

  findById(id: string): Promise<TokenFamily | null> {
    return this.load(id, { refreshId: null, accessId: null });
  }

  async findByRefreshTokenId(refreshTokenId: string): Promise<TokenFamily | null> {
    const rows = (await this.db.manager.query(
      `SELECT family_id FROM oauth_refresh_tokens WHERE id = $1`,
      [refreshTokenId],
    )) as Array<{ family_id: string }>;
    return rows[0]
      ? this.load(rows[0].family_id, { refreshId: refreshTokenId, accessId: null })
      : null;
  }

  async findByAccessTokenId(accessTokenId: string): Promise<TokenFamily | null> {
    const rows = (await this.db.manager.query(
      `SELECT family_id FROM oauth_access_tokens WHERE id = $1`,
      [accessTokenId],
    )) as Array<{ family_id: string }>;
    return rows[0]
      ? this.load(rows[0].family_id, { refreshId: null, accessId: accessTokenId })
      : null;
  }

  async findLive(filter: {
    userId: string;
    clientId?: string;
    sessionId?: string;
  }): Promise<TokenFamily[]> {
    const rows = (await this.db.manager.query(
      `SELECT id FROM oauth_token_families
        WHERE user_id = $1 AND ($2::uuid IS NULL OR client_id = $2) AND ($3::uuid IS NULL OR session_id = $3)
          AND revoked_at IS NULL AND expires_at > now()
        ORDER BY created_at`,
      [filter.userId, filter.clientId ?? null, filter.sessionId ?? null],
    )) as Array<{ id: string }>;
    const families: TokenFamily[] = [];
    for (const row of rows) {
      const family = await this.findById(row.id);
      if (family) families.push(family);
    }
    return families;
  }

  private async load(
    id: string,
    presented: { refreshId: string | null; accessId: string | null },
  ): Promise<TokenFamily | null> {
    const manager = this.db.manager;
    const rows = (await manager.query(
      `SELECT ${FAMILY_COLUMNS} FROM oauth_token_families WHERE id = $1 FOR UPDATE`,
      [id],
    )) as FamilyRow[];
    const r = rows[0];
    if (!r) return null;
    const refresh = (await manager.query(
      `SELECT id, token_hash, scopes, expires_at, created_at, rotated_at, replaced_by, revoked_at FROM oauth_refresh_tokens
        WHERE family_id = $1 AND ((rotated_at IS NULL AND revoked_at IS NULL) OR id = $2)`,
      [id, presented.refreshId],
    )) as RefreshRow[];
    const access = (await manager.query(
      `SELECT id, token, scopes, audience, expires_at, created_at, revoked_at FROM oauth_access_tokens WHERE family_id = $1 AND id = $2`,
      [id, presented.accessId],
    )) as AccessRow[];
    return TokenFamily.rehydrate(r.id, r.version, {
      clientId: r.client_id,
      userId: r.user_id,
      tenantId: r.tenant_id,
      grantType: r.grant_type,
      scopes: r.scopes,
      audience: r.audience,
      sessionId: r.session_id,
      authTime: r.auth_time,
      authorizationCodeId: r.authorization_code_id,
      expiresAt: r.expires_at,
      createdAt: r.created_at,
      revokedAt: r.revoked_at,
      revokedReason: r.revoked_reason,
      accessTokens: access.map(toAccess),
      refreshTokens: refresh.map(toRefresh),
    });
  }

  async save(family: TokenFamily): Promise<void> {
    const s = family.snapshot;
    await this.writer.save(
      family,
      s.tenantId,
      async ({ manager, expectedVersion, nextVersion, isNew }) => {
        if (isNew) {
          await manager.query(
            `INSERT INTO oauth_token_families (id, client_id, user_id, tenant_id, grant_type, scopes, audience, session_id, auth_time,
             authorization_code_id, expires_at, created_at, revoked_at, revoked_reason, version)
           VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7::jsonb, $8, $9, $10, $11, $12, $13, $14, $15)`,
            [
              family.id,
              s.clientId,
              s.userId,
              s.tenantId,
              s.grantType,
              JSON.stringify(s.scopes),
              JSON.stringify(s.audience),
              s.sessionId,
              s.authTime,
              s.authorizationCodeId,
              s.expiresAt,
              s.createdAt,
              s.revokedAt,
              s.revokedReason,
              nextVersion,
            ],
          );
        } else {
          const updated = (await manager.query(
            `UPDATE oauth_token_families SET revoked_at = $3, revoked_reason = $4, version = $5 WHERE id = $1 AND version = $2 RETURNING id`,
            [family.id, expectedVersion, s.revokedAt, s.revokedReason, nextVersion],
          )) as [unknown[], number];
          if (updated[1] !== 1) return false;
        }
        await this.writeTokens(manager, family);
        return true;
      },
    );
  }

  private async writeTokens(manager: EntityManager, family: TokenFamily): Promise<void> {
    const s = family.snapshot;
    for (const token of s.refreshTokens) {
      if (token.dirty === 'new') {
        await manager.query(
          `INSERT INTO oauth_refresh_tokens (id, family_id, client_id, user_id, tenant_id, token_hash, scopes, expires_at, created_at,
             rotated_at, replaced_by, revoked_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8, $9, $10, $11, $12)`,
          [
            token.id,
            family.id,
            s.clientId,
            s.userId,
            s.tenantId,
            token.tokenHash,
            JSON.stringify(token.scopes),
            token.expiresAt,
            token.createdAt,
            token.rotatedAt,
            token.replacedBy,
            token.revokedAt,
          ],
        );
      } else if (token.dirty === 'changed') {
        await manager.query(
          `UPDATE oauth_refresh_tokens SET rotated_at = $2, replaced_by = $3, revoked_at = $4 WHERE id = $1`,
          [token.id, token.rotatedAt, token.replacedBy, token.revokedAt],
        );
      }
      token.dirty = undefined;
    }
    for (const token of s.accessTokens) {
      if (token.dirty === 'new') {
        await manager.query(
          `INSERT INTO oauth_access_tokens (id, token, client_id, user_id, scopes, expires_at, created_at, tenant_id, family_id, audience, revoked_at)
           VALUES ($1, $2, $3, $4, $5::jsonb, $6, $7, $8, $9, $10::jsonb, $11)`,
          [
            token.id,
            token.tokenHash,
            s.clientId,
            s.userId,
            JSON.stringify(token.scopes),
            token.expiresAt,
            token.createdAt,
            s.tenantId,
            family.id,
            JSON.stringify(token.audience),
            token.revokedAt,
          ],
        );
      } else if (token.dirty === 'changed') {
        await manager.query(`UPDATE oauth_access_tokens SET revoked_at = $2 WHERE id = $1`, [
          token.id,
          token.revokedAt,
        ]);
      }
      token.dirty = undefined;
    }
    // Tokens the operation did not load (older access tokens) end with the family too.
    if (s.revokedAt) {
      await manager.query(
        `UPDATE oauth_access_tokens SET revoked_at = $2 WHERE family_id = $1 AND revoked_at IS NULL`,
        [family.id, s.revokedAt],
      );
      await manager.query(
        `UPDATE oauth_refresh_tokens SET revoked_at = $2 WHERE family_id = $1 AND revoked_at IS NULL`,
        [family.id, s.revokedAt],
      );
    }
  }
}
