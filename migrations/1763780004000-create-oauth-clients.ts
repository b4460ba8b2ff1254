import { MigrationInterface, QueryRunner } from 'typeorm';
import { grantToApp, touchUpdatedAt } from './migration-helpers';

/**
 * Spec 001 `oauth_clients`, with the columns the OAuth 2.0 / OpenID Connect provider needs
 * beside the documented ones. `client_secret` holds a SHA-256 of a 256-bit random secret,
 * never the secret; a public client (token_endpoint_auth_method `none`) has no secret, which
 * the spec's NOT NULL turns into an empty string.
 */
export class CreateOauthClients1763780004000 implements MigrationInterface {
  name = 'CreateOauthClients1763780004000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE oauth_clients (
      id                          uuid PRIMARY KEY,
      client_id                   varchar(255) CONSTRAINT uq_oauth_clients_client_id UNIQUE,
      client_secret               varchar(255) NOT NULL,
      name                        varchar(255) NOT NULL,
      redirect_uris               jsonb NOT NULL CONSTRAINT ck_oauth_clients_redirect_uris CHECK (jsonb_typeof(redirect_uris) = 'array'),
      grant_types                 jsonb CONSTRAINT ck_oauth_clients_grant_types CHECK (jsonb_typeof(grant_types) = 'array'),
      scopes                      jsonb CONSTRAINT ck_oauth_clients_scopes CHECK (jsonb_typeof(scopes) = 'array'),
      is_active                   boolean DEFAULT true,
      created_at                  timestamp DEFAULT now(),
      tenant_id                   uuid REFERENCES tenants (id) ON DELETE RESTRICT,
      token_endpoint_auth_method  varchar(30) NOT NULL DEFAULT 'client_secret_basic'
        CONSTRAINT ck_oauth_clients_auth_method CHECK (token_endpoint_auth_method IN ('client_secret_basic', 'client_secret_post', 'none')),
      is_first_party              boolean NOT NULL DEFAULT false,
      audience                    jsonb NOT NULL DEFAULT '["opsledger-api"]'
        CONSTRAINT ck_oauth_clients_audience CHECK (jsonb_typeof(audience) = 'array'),
      post_logout_redirect_uris   jsonb NOT NULL DEFAULT '[]'
        CONSTRAINT ck_oauth_clients_post_logout_redirect_uris CHECK (jsonb_typeof(post_logout_redirect_uris) = 'array'),
      secret_rotated_at           timestamp,
      updated_at                  timestamp DEFAULT now(),
      version                     integer NOT NULL DEFAULT 0,
      CONSTRAINT ck_oauth_clients_secret_for_method CHECK ((token_endpoint_auth_method = 'none') = (client_secret = ''))
    )`);
    await q.query(`CREATE INDEX idx_oauth_clients_tenant ON oauth_clients (tenant_id)`);
    await q.query(`CREATE INDEX idx_oauth_clients_created ON oauth_clients (created_at, id)`);
    await touchUpdatedAt(q, 'oauth_clients');
    await grantToApp(q, 'oauth_clients', 'SELECT, INSERT, UPDATE');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE oauth_clients`);
  }
}
