import { MigrationInterface, QueryRunner } from 'typeorm';
import { grantToApp, touchUpdatedAt } from './migration-helpers';

/**
 * Spec 002 `api_keys` with its CHECK list and four indexes, plus `last_four` (the only part of
 * a key ever shown) and `version` (optimistic concurrency). Two guards make a leak by bug
 * harder: `last_four` cannot hold more than four characters, and `key_ciphertext` must look
 * like the vault's `v<n>.<base64>` output, which no provider's plaintext key does.
 */
export class CreateApiKeys1763780005000 implements MigrationInterface {
  name = 'CreateApiKeys1763780005000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE api_keys (
      id              uuid PRIMARY KEY,
      user_id         uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
      service         text NOT NULL
                        CONSTRAINT ck_api_keys_service CHECK (service IN ('openai', 'stripe', 'twilio', 'sendgrid')),
      key_ciphertext  text NOT NULL
                        CONSTRAINT ck_api_keys_ciphertext_format CHECK (key_ciphertext ~ '^v[0-9]+\\.[A-Za-z0-9+/]+={0,2}$'),
      nonce           text,
      salt            text,
      status          text CONSTRAINT ck_api_keys_status CHECK (status IN ('active', 'healthy', 'unhealthy', 'inactive')),
      last_checked    timestamptz,
      created_at      timestamptz DEFAULT now(),
      updated_at      timestamptz DEFAULT now(),
      last_four       text NOT NULL CONSTRAINT ck_api_keys_last_four CHECK (char_length(last_four) BETWEEN 1 AND 4),
      version         integer NOT NULL DEFAULT 0
    )`);
    await q.query(`CREATE INDEX idx_api_keys_user_id ON api_keys (user_id)`);
    await q.query(`CREATE INDEX idx_api_keys_service ON api_keys (service)`);
    await q.query(`CREATE INDEX idx_api_keys_user_service ON api_keys (user_id, service)`);
    await q.query(
      `CREATE UNIQUE INDEX idx_api_keys_user_service_unique ON api_keys (user_id, service)`,
    );
    await touchUpdatedAt(q, 'api_keys');
    await grantToApp(q, 'api_keys');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE api_keys`);
  }
}
