import { MigrationInterface, QueryRunner } from 'typeorm';
import { grantToApp } from './migration-helpers';

/**
 * The provider's browser sign-in sessions (the `sid` of id_tokens, ended by RP-initiated
 * logout) and the consents users gave to clients, remembered per client and scope.
 */
export class CreateOauthSessionsAndConsents1763780004100 implements MigrationInterface {
  name = 'CreateOauthSessionsAndConsents1763780004100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE oauth_sessions (
      id          uuid PRIMARY KEY,
      user_id     uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
      auth_time   timestamptz NOT NULL,
      ip_address  inet,
      user_agent  text,
      expires_at  timestamptz NOT NULL,
      ended_at    timestamptz,
      end_reason  varchar(50),
      created_at  timestamptz NOT NULL DEFAULT now(),
      version     integer NOT NULL DEFAULT 0
    )`);
    await q.query(`CREATE INDEX idx_oauth_sessions_user ON oauth_sessions (user_id)`);

    await q.query(`CREATE TABLE oauth_consents (
      id          uuid PRIMARY KEY,
      user_id     uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
      client_id   uuid NOT NULL REFERENCES oauth_clients (id) ON DELETE CASCADE,
      scopes      jsonb NOT NULL CONSTRAINT ck_oauth_consents_scopes CHECK (jsonb_typeof(scopes) = 'array'),
      granted_at  timestamptz NOT NULL,
      revoked_at  timestamptz,
      version     integer NOT NULL DEFAULT 0,
      CONSTRAINT uq_oauth_consents_user_client UNIQUE (user_id, client_id)
    )`);
    await q.query(`CREATE INDEX idx_oauth_consents_client ON oauth_consents (client_id)`);

    await grantToApp(q, 'oauth_sessions', 'SELECT, INSERT, UPDATE');
    await grantToApp(q, 'oauth_consents', 'SELECT, INSERT, UPDATE');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE oauth_consents`);
    await q.query(`DROP TABLE oauth_sessions`);
  }
}
