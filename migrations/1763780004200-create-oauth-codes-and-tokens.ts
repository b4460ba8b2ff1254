import { MigrationInterface, QueryRunner } from 'typeorm';
import { grantToApp } from './migration-helpers';

/**
 * Spec 001 `oauth_authorization_codes` and `oauth_access_tokens`, plus the token families
 * (one per authorization: every access and refresh token descending from one code, or one
 * client-credentials grant) and `oauth_refresh_tokens`, rotated within their family.
 * Codes and tokens are stored as SHA-256 hashes only (`code`, `token`, `token_hash`);
 * an access token's `id` is its `jti`.
 */
export class CreateOauthCodesAndTokens1763780004200 implements MigrationInterface {
  name = 'CreateOauthCodesAndTokens1763780004200';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE oauth_authorization_codes (
      id                     uuid PRIMARY KEY,
      code                   varchar(255) CONSTRAINT uq_oauth_authorization_codes_code UNIQUE,
      client_id              uuid REFERENCES oauth_clients (id) ON DELETE CASCADE,
      user_id                uuid REFERENCES users (id) ON DELETE CASCADE,
      redirect_uri           varchar(500),
      scopes                 jsonb,
      code_challenge         varchar(255),
      expires_at             timestamp NOT NULL,
      used_at                timestamp,
      created_at             timestamp DEFAULT now(),
      tenant_id              uuid REFERENCES tenants (id) ON DELETE CASCADE,
      code_challenge_method  varchar(10) CONSTRAINT ck_oauth_authorization_codes_method CHECK (code_challenge_method IN ('S256')),
      nonce                  varchar(255),
      audience               jsonb,
      session_id             uuid REFERENCES oauth_sessions (id) ON DELETE SET NULL,
      auth_time              timestamptz,
      family_id              uuid,
      version                integer NOT NULL DEFAULT 0,
      CONSTRAINT ck_oauth_authorization_codes_challenge CHECK ((code_challenge IS NULL) = (code_challenge_method IS NULL))
    )`);
    await q.query(
      `CREATE INDEX idx_oauth_authorization_codes_client ON oauth_authorization_codes (client_id)`,
    );
    await q.query(
      `CREATE INDEX idx_oauth_authorization_codes_expires ON oauth_authorization_codes (expires_at)`,
    );

    await q.query(`CREATE TABLE oauth_token_families (
      id                      uuid PRIMARY KEY,
      client_id               uuid NOT NULL REFERENCES oauth_clients (id) ON DELETE CASCADE,
      user_id                 uuid REFERENCES users (id) ON DELETE CASCADE,
      tenant_id               uuid REFERENCES tenants (id) ON DELETE CASCADE,
      grant_type              varchar(30) NOT NULL
        CONSTRAINT ck_oauth_token_families_grant CHECK (grant_type IN ('authorization_code', 'client_credentials')),
      scopes                  jsonb NOT NULL,
      audience                jsonb NOT NULL,
      session_id              uuid REFERENCES oauth_sessions (id) ON DELETE SET NULL,
      auth_time               timestamptz,
      authorization_code_id   uuid REFERENCES oauth_authorization_codes (id) ON DELETE SET NULL,
      expires_at              timestamptz NOT NULL,
      created_at              timestamptz NOT NULL DEFAULT now(),
      revoked_at              timestamptz,
      revoked_reason          varchar(50),
      version                 integer NOT NULL DEFAULT 0
    )`);
    await q.query(
      `CREATE INDEX idx_oauth_token_families_user_client ON oauth_token_families (user_id, client_id)`,
    );
    await q.query(
      `CREATE INDEX idx_oauth_token_families_session ON oauth_token_families (session_id)`,
    );
    await q.query(`ALTER TABLE oauth_authorization_codes
      ADD CONSTRAINT fk_oauth_authorization_codes_family FOREIGN KEY (family_id) REFERENCES oauth_token_families (id) ON DELETE SET NULL`);

    await q.query(`CREATE TABLE oauth_access_tokens (
      id          uuid PRIMARY KEY,
      token       varchar(255) CONSTRAINT uq_oauth_access_tokens_token UNIQUE,
      client_id   uuid REFERENCES oauth_clients (id) ON DELETE CASCADE,
      user_id     uuid REFERENCES users (id) ON DELETE CASCADE,
      scopes      jsonb,
      expires_at  timestamp NOT NULL,
      created_at  timestamp DEFAULT now(),
      tenant_id   uuid REFERENCES tenants (id) ON DELETE CASCADE,
      family_id   uuid NOT NULL REFERENCES oauth_token_families (id) ON DELETE CASCADE,
      audience    jsonb,
      revoked_at  timestamptz
    )`);
    await q.query(`CREATE INDEX idx_oauth_access_tokens_family ON oauth_access_tokens (family_id)`);

    await q.query(`CREATE TABLE oauth_refresh_tokens (
      id           uuid PRIMARY KEY,
      family_id    uuid NOT NULL REFERENCES oauth_token_families (id) ON DELETE CASCADE,
      client_id    uuid NOT NULL REFERENCES oauth_clients (id) ON DELETE CASCADE,
      user_id      uuid REFERENCES users (id) ON DELETE CASCADE,
      tenant_id    uuid REFERENCES tenants (id) ON DELETE CASCADE,
      token_hash   char(64) NOT NULL CONSTRAINT uq_oauth_refresh_tokens_hash UNIQUE,
      scopes       jsonb NOT NULL,
      expires_at   timestamptz NOT NULL,
      created_at   timestamptz NOT NULL DEFAULT now(),
      rotated_at   timestamptz,
      replaced_by  uuid,
      revoked_at   timestamptz
    )`);
    await q.query(
      `CREATE INDEX idx_oauth_refresh_tokens_family ON oauth_refresh_tokens (family_id)`,
    );

    for (const table of [
      'oauth_authorization_codes',
      'oauth_token_families',
      'oauth_access_tokens',
      'oauth_refresh_tokens',
    ]) {
      await grantToApp(q, table, 'SELECT, INSERT, UPDATE');
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE oauth_refresh_tokens`);
    await q.query(`DROP TABLE oauth_access_tokens`);
    await q.query(
      `ALTER TABLE oauth_authorization_codes DROP CONSTRAINT fk_oauth_authorization_codes_family`,
    );
    await q.query(`DROP TABLE oauth_token_families`);
    await q.query(`DROP TABLE oauth_authorization_codes`);
  }
}
