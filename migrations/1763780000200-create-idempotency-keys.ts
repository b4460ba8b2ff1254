import { MigrationInterface, QueryRunner } from 'typeorm';
import { grantToApp } from './migration-helpers';

/** Stored first responses of POST commands, replayed for a retry with the same key. */
export class CreateIdempotencyKeys1763780000200 implements MigrationInterface {
  name = 'CreateIdempotencyKeys1763780000200';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE idempotency_keys (
      scope          varchar(200) NOT NULL,
      key            varchar(200) NOT NULL,
      request_hash   char(64) NOT NULL,
      status_code    smallint,
      response_body  jsonb,
      response_headers jsonb,
      created_at     timestamptz NOT NULL DEFAULT now(),
      completed_at   timestamptz,
      PRIMARY KEY (scope, key)
    )`);
    await q.query(`CREATE INDEX idx_idempotency_keys_created_at ON idempotency_keys (created_at)`);
    await grantToApp(q, 'idempotency_keys');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE idempotency_keys`);
  }
}
