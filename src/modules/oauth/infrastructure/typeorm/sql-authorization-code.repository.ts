import { Injectable } from '@nestjs/common';
import { AggregateWriter } from '@opsledger/event-store';
import { Db } from '@opsledger/persistence';
import { AuthorizationCode } from '../../domain/authorization-code.aggregate';
import { AuthorizationCodeRepository } from '../../domain/authorization-code.repository';

interface CodeRow {
  id: string;
  code: string;
  client_id: string;
  user_id: string;
  tenant_id: string | null;
  redirect_uri: string;
  scopes: string[];
  code_challenge: string | null;
  code_challenge_method: 'S256' | null;
  nonce: string | null;
  audience: string[];
  session_id: string;
  auth_time: Date;
  expires_at: Date;
  used_at: Date | null;
  family_id: string | null;
  created_at: Date;
  version: number;
}

@Injectable()
export class SqlAuthorizationCodeRepository extends AuthorizationCodeRepository {
  constructor(
    private readonly db: Db,
    private readonly writer: AggregateWriter,
  ) {
    super();
  }

  async findByCodeHash(codeHash: string): Promise<AuthorizationCode | null> {
    const rows = (await this.db.manager.query(
      `SELECT id, code, client_id, user_id, tenant_id, redirect_uri, scopes, code_challenge, code_challenge_method, nonce, audience,
              session_id, auth_time, expires_at, used_at, family_id, created_at, version
         FROM oauth_authorization_codes WHERE code = $1 FOR UPDATE`,
      [codeHash],
    )) as CodeRow[];
    const r = rows[0];
    if (!r) return null;
    return AuthorizationCode.rehydrate(r.id, r.version, {
      codeHash: r.code,
      clientId: r.client_id,
      userId: r.user_id,
      tenantId: r.tenant_id,
      redirectUri: r.redirect_uri,
      scopes: r.scopes,
      codeChallenge: r.code_challenge,
      codeChallengeMethod: r.code_challenge_method,
      nonce: r.nonce,
      audience: r.audience,
      sessionId: r.session_id,
      authTime: r.auth_time,
      expiresAt: r.expires_at,
      usedAt: r.used_at,
      familyId: r.family_id,
      createdAt: r.created_at,
    });
  }

  async save(code: AuthorizationCode): Promise<void> {
    const s = code.snapshot;
    await this.writer.save(
      code,
      s.tenantId,
      async ({ manager, expectedVersion, nextVersion, isNew }) => {
        if (isNew) {
          await manager.query(
            `INSERT INTO oauth_authorization_codes (id, code, client_id, user_id, redirect_uri, scopes, code_challenge, expires_at,
             used_at, created_at, tenant_id, code_challenge_method, nonce, audience, session_id, auth_time, family_id, version)
           VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7, $8, $9, $10, $11, $12, $13, $14::jsonb, $15, $16, $17, $18)`,
            [
              code.id,
              s.codeHash,
              s.clientId,
              s.userId,
              s.redirectUri,
              JSON.stringify(s.scopes),
              s.codeChallenge,
              s.expiresAt,
              s.usedAt,
              s.createdAt,
              s.tenantId,
              s.codeChallengeMethod,
              s.nonce,
              JSON.stringify(s.audience),
              s.sessionId,
              s.authTime,
              s.familyId,
              nextVersion,
            ],
          );
          return true;
        }
        const updated = (await manager.query(
          `UPDATE oauth_authorization_codes SET used_at = $3, family_id = $4, version = $5 WHERE id = $1 AND version = $2 RETURNING id`,
          [code.id, expectedVersion, s.usedAt, s.familyId, nextVersion],
        )) as [unknown[], number];
        return updated[1] === 1;
      },
    );
  }
}
