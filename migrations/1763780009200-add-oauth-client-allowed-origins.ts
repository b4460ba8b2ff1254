import { MigrationInterface, QueryRunner } from 'typeorm';

/** Per-client web origins for CORS on the token, revocation and userinfo endpoints (issue 9). */
export class AddOauthClientAllowedOrigins1763780009200 implements MigrationInterface {
  name = 'AddOauthClientAllowedOrigins1763780009200';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE oauth_clients ADD COLUMN allowed_origins jsonb NOT NULL DEFAULT '[]'::jsonb`,
    );
    await q.query(
      `CREATE INDEX idx_oauth_clients_allowed_origins ON oauth_clients USING gin (allowed_origins)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX idx_oauth_clients_allowed_origins`);
    await q.query(`ALTER TABLE oauth_clients DROP COLUMN allowed_origins`);
  }
}
