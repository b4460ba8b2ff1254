import { MigrationInterface, QueryRunner } from 'typeorm';
import { grantToApp } from './migration-helpers';

/**
 * The login fields seed tables carry for another identity provider (spec 000
 * `contractor.auth0_user_id`, spec 003 `users.auth0_id`) become external identities of the
 * one account table: a (provider, subject) pair points at exactly one user.
 */
export class CreateExternalIdentities1763780004300 implements MigrationInterface {
  name = 'CreateExternalIdentities1763780004300';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE external_identities (
      id          uuid PRIMARY KEY,
      user_id     uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
      provider    varchar(50) NOT NULL,
      subject     varchar(255) NOT NULL,
      created_at  timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT uq_external_identities_provider_subject UNIQUE (provider, subject)
    )`);
    await q.query(`CREATE INDEX idx_external_identities_user ON external_identities (user_id)`);
    await grantToApp(q, 'external_identities', 'SELECT, INSERT, DELETE');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE external_identities`);
  }
}
