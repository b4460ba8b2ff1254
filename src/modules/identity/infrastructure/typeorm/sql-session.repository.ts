import { Injectable } from '@nestjs/common';
import { AggregateWriter } from '@opsledger/event-store';
import { Db } from '@opsledger/persistence';
import { EntityManager } from 'typeorm';
import { RefreshTokenRecord, Session } from '../../domain/session.aggregate';
import { SessionRepository } from '../../domain/session.repository';

interface SessionRow {
  id: string;
  user_id: string;
  tenant_id: string | null;
  session_token: string;
  ip_address: string | null;
  user_agent: string | null;
  expires_at: Date;
  created_at: Date;
  last_used_at: Date | null;
  revoked_at: Date | null;
  revoked_reason: string | null;
  version: number;
}

interface TokenRow {
  id: string;
  token_id: string;
  token_hash: string;
  expires_at: Date;
  is_active: boolean;
  last_used_at: Date | null;
  revoked_at: Date | null;
  created_at: Date;
  replaced_by: string | null;
  rotated_at: Date | null;
}

const TOKEN_COLUMNS =
  'id, token_id, token_hash, expires_at, is_active, last_used_at, revoked_at, created_at, replaced_by, rotated_at';

function toToken(row: TokenRow): RefreshTokenRecord {
  return {
    id: row.id,
    tokenId: row.token_id,
    tokenHash: row.token_hash,
    expiresAt: row.expires_at,
    isActive: row.is_active,
    lastUsedAt: row.last_used_at,
    revokedAt: row.revoked_at,
    createdAt: row.created_at,
    replacedBy: row.replaced_by,
    rotatedAt: row.rotated_at,
  };
}

@Injectable()
export class SqlSessionRepository extends SessionRepository {
  constructor(
    private readonly db: Db,
    private readonly writer: AggregateWriter,
  ) {
    super();
  }

  findById(id: string): Promise<Session | null> {
    return this.load(`WHERE id = $1`, [id], null);
  }

  async findByTokenId(tokenId: string): Promise<Session | null> {
    const rows = (await this.db.manager.query(
      `SELECT session_id FROM refresh_tokens WHERE token_id = $1`,
      [tokenId],
    )) as Array<{
      session_id: string;
    }>;
    return rows[0] ? this.load(`WHERE id = $1`, [rows[0].session_id], tokenId) : null;
  }

  async findActiveByUser(userId: string): Promise<Session[]> {
    const rows = (await this.db.manager.query(
      `SELECT id FROM user_sessions WHERE user_id = $1 AND revoked_at IS NULL AND expires_at > now() ORDER BY created_at`,
      [userId],
    )) as Array<{ id: string }>;
    const sessions: Session[] = [];
    for (const row of rows) {
      const session = await this.findById(row.id);
      if (session) sessions.push(session);
    }
    return sessions;
  }

  private async load(
    where: string,
    params: unknown[],
    presentedTokenId: string | null,
  ): Promise<Session | null> {
    const manager = this.db.manager;
    const rows = (await manager.query(
      `SELECT id, user_id, tenant_id, session_token, host(ip_address) AS ip_address, user_agent, expires_at, created_at,
              last_used_at, revoked_at, revoked_reason, version
         FROM user_sessions ${where} FOR UPDATE`,
      params,
    )) as SessionRow[];
    const row = rows[0];
    if (!row) return null;
    const tokens = (await manager.query(
      `SELECT ${TOKEN_COLUMNS} FROM refresh_tokens WHERE session_id = $1 AND (is_active OR token_id = $2)`,
      [row.id, presentedTokenId],
    )) as TokenRow[];
    return Session.rehydrate(row.id, row.version, {
      userId: row.user_id,
      tenantId: row.tenant_id,
      sessionTokenHash: row.session_token,
      ipAddress: row.ip_address,
      userAgent: row.user_agent,
      expiresAt: row.expires_at,
      createdAt: row.created_at,
      lastUsedAt: row.last_used_at,
      revokedAt: row.revoked_at,
      revokedReason: row.revoked_reason,
      tokens: tokens.map(toToken),
    });
  }

  async save(session: Session): Promise<void> {
    const s = session.snapshot;
    await this.writer.save(
      session,
      s.tenantId,
      async ({ manager, expectedVersion, nextVersion, isNew }) => {
        if (isNew) {
          await manager.query(
            `INSERT INTO user_sessions (id, user_id, session_token, ip_address, user_agent, expires_at, created_at, tenant_id,
             last_used_at, revoked_at, revoked_reason, version)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
            [
              session.id,
              s.userId,
              s.sessionTokenHash,
              s.ipAddress,
              s.userAgent,
              s.expiresAt,
              s.createdAt,
              s.tenantId,
              s.lastUsedAt,
              s.revokedAt,
              s.revokedReason,
              nextVersion,
            ],
          );
        } else {
          const updated = (await manager.query(
            `UPDATE user_sessions SET tenant_id = $3, last_used_at = $4, revoked_at = $5, revoked_reason = $6, version = $7
            WHERE id = $1 AND version = $2 RETURNING id`,
            [
              session.id,
              expectedVersion,
              s.tenantId,
              s.lastUsedAt,
              s.revokedAt,
              s.revokedReason,
              nextVersion,
            ],
          )) as [unknown[], number];
          if (updated[1] !== 1) return false;
        }
        await this.writeTokens(manager, session);
        return true;
      },
    );
  }

  private async writeTokens(manager: EntityManager, session: Session): Promise<void> {
    for (const token of session.snapshot.tokens) {
      if (token.dirty === 'new') {
        await manager.query(
          `INSERT INTO refresh_tokens (id, user_id, token_id, token_hash, expires_at, is_active, last_used_at, revoked_at,
             created_at, session_id, replaced_by, rotated_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
          [
            token.id,
            session.userId,
            token.tokenId,
            token.tokenHash,
            token.expiresAt,
            token.isActive,
            token.lastUsedAt,
            token.revokedAt,
            token.createdAt,
            session.id,
            token.replacedBy,
            token.rotatedAt,
          ],
        );
      } else if (token.dirty === 'changed') {
        await manager.query(
          `UPDATE refresh_tokens SET is_active = $2, last_used_at = $3, revoked_at = $4, replaced_by = $5, rotated_at = $6 WHERE id = $1`,
          [
            token.id,
            token.isActive,
            token.lastUsedAt,
            token.revokedAt,
            token.replacedBy,
            token.rotatedAt,
          ],
        );
      }
      token.dirty = undefined;
    }
  }
}
