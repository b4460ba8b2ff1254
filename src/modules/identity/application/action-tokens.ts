import { Injectable } from '@nestjs/common';
import { DomainError } from '@opsledger/ddd';
import { Db } from '@opsledger/persistence';
import { randomBytes, randomUUID } from 'node:crypto';
import { sha256Hex } from './refresh-token-codec';

export type ActionPurpose = 'email_verification' | 'password_reset' | 'invitation';

export const ACTION_TOKEN_TTL_MS: Record<ActionPurpose, number> = {
  email_verification: 24 * 3_600_000,
  password_reset: 3_600_000,
  invitation: 7 * 24 * 3_600_000,
};

export class InvalidActionTokenError extends DomainError {
  constructor() {
    super(
      'AUTH.ACTION_TOKEN_INVALID',
      'invalid_input',
      'token is invalid, expired or already used',
      {
        field: 'token',
      },
    );
  }
}

/**
 * Single-use, expiring tokens for email verification, password reset and invitations,
 * stored as SHA-256 only (`user_action_tokens`). Issuing a new token of a purpose retires
 * the older ones of that user; consuming one marks it used in the caller's transaction.
 */
@Injectable()
export class ActionTokens {
  constructor(private readonly db: Db) {}

  async issue(
    userId: string,
    purpose: ActionPurpose,
    now = new Date(),
  ): Promise<{ token: string; expiresAt: Date }> {
    const token = randomBytes(32).toString('base64url');
    const expiresAt = new Date(now.getTime() + ACTION_TOKEN_TTL_MS[purpose]);
    await this.db.manager.query(
      `UPDATE user_action_tokens SET used_at = now() WHERE user_id = $1 AND purpose = $2 AND used_at IS NULL`,
      [userId, purpose],
    );
    await this.db.manager.query(
      `INSERT INTO user_action_tokens (id, user_id, purpose, token_hash, expires_at) VALUES ($1, $2, $3, $4, $5)`,
      [randomUUID(), userId, purpose, sha256Hex(token), expiresAt],
    );
    return { token, expiresAt };
  }

  /** Marks the token used and answers its user, or throws one uniform error. */
  async consume(token: string, purpose: ActionPurpose): Promise<string> {
    const rows = (await this.db.manager.query(
      `UPDATE user_action_tokens SET used_at = now()
        WHERE token_hash = $1 AND purpose = $2 AND used_at IS NULL AND expires_at > now()
        RETURNING user_id`,
      [sha256Hex(token), purpose],
    )) as [Array<{ user_id: string }>, number];
    const userId = rows[0]?.[0]?.user_id;
    if (!userId) throw new InvalidActionTokenError();
    return userId;
  }
}
