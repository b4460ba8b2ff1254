import { MigrationInterface, QueryRunner } from 'typeorm';
import { grantToApp } from './migration-helpers';

/**
 * Spec 001 `user_sessions` and spec 003 `refresh_tokens`. A session is one refresh-token
 * family; `replaced_by` links a rotated token to its successor (reuse detection), and
 * `user_action_tokens` holds single-use email-verification, password-reset and invitation
 * tokens. Every secret is stored as a SHA-256 hash only.
 */
export class CreateSessionsAndTokens1763780001400 implements MigrationInterface {
  name = 'CreateSessionsAndTokens1763780001400';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE user_sessions (
      id             uuid PRIMARY KEY,
      user_id        uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
      session_token  varchar(255) CONSTRAINT uq_user_sessions_token UNIQUE,
      ip_address     inet,
      user_agent     text,
      expires_at     timestamp NOT NULL,
      created_at     timestamp DEFAULT now(),
      tenant_id      uuid REFERENCES tenants (id) ON DELETE SET NULL,
      last_used_at   timestamp,
      revoked_at     timestamp,
      revoked_reason varchar(50),
      version        integer NOT NULL DEFAULT 0
    )`);
    await q.query(`CREATE INDEX idx_sessions_user_id ON user_sessions (user_id)`);
    await q.query(`CREATE INDEX idx_sessions_token ON user_sessions (session_token)`);
    await q.query(`CREATE INDEX idx_sessions_expires ON user_sessions (expires_at)`);

    await q.query(`CREATE TABLE refresh_tokens (
      id            uuid PRIMARY KEY,
      user_id       uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
      token_id      uuid NOT NULL CONSTRAINT uq_refresh_tokens_token_id UNIQUE,
      token_hash    text NOT NULL,
      expires_at    timestamp NOT NULL,
      is_active     boolean DEFAULT true,
      last_used_at  timestamp,
      revoked_at    timestamp,
      created_at    timestamp DEFAULT now(),
      session_id    uuid NOT NULL REFERENCES user_sessions (id) ON DELETE CASCADE,
      replaced_by   uuid,
      rotated_at    timestamp
    )`);
    await q.query(`CREATE INDEX idx_refresh_tokens_user ON refresh_tokens (user_id)`);
    await q.query(`CREATE INDEX idx_refresh_tokens_session ON refresh_tokens (session_id)`);

    await q.query(`CREATE TABLE user_action_tokens (
      id          uuid PRIMARY KEY,
      user_id     uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
      purpose     varchar(30) NOT NULL CHECK (purpose IN ('email_verification', 'password_reset', 'invitation')),
      token_hash  char(64) NOT NULL CONSTRAINT uq_user_action_tokens_hash UNIQUE,
      expires_at  timestamptz NOT NULL,
      used_at     timestamptz,
      created_at  timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(
      `CREATE INDEX idx_user_action_tokens_user ON user_action_tokens (user_id, purpose)`,
    );

    await grantToApp(q, 'user_sessions', 'SELECT, INSERT, UPDATE');
    await grantToApp(q, 'refresh_tokens', 'SELECT, INSERT, UPDATE');
    await grantToApp(q, 'user_action_tokens', 'SELECT, INSERT, UPDATE');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE user_action_tokens`);
    await q.query(`DROP TABLE refresh_tokens`);
    await q.query(`DROP TABLE user_sessions`);
  }
}
