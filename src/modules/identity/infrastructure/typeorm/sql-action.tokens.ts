import { Injectable } from '@nestjs/common';
import { Db } from '@opsledger/persistence';
import { randomUUID } from 'node:crypto';
import {
  ACTION_TOKEN_TTL_MS,
  ActionPurpose,
  ActionTokens,
  newActionToken,
} from '../../application/action-tokens';
import { sha256Hex } from '../../application/refresh-token-codec';
import { InvalidActionTokenError } from '../../domain/identity.errors';

/** `user_action_tokens`, on the unit of work's connection. */
@Injectable()
export class SqlActionTokens extends ActionTokens {
  constructor(private readonly db: Db) {
    super();
  }

  async issue(
    userId: string,
    purpose: ActionPurpose,
    now = new Date(),
  ): Promise<{ token: string; expiresAt: Date }> {
    const token = newActionToken();
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
