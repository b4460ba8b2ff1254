import { MigrationInterface, QueryRunner } from 'typeorm';
import { grantToApp, touchUpdatedAt } from './migration-helpers';

/** Spec 001 `tenants`, plus the aggregate version for optimistic concurrency. */
export class CreateTenants1763780001100 implements MigrationInterface {
  name = 'CreateTenants1763780001100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE tenants (
      id          uuid PRIMARY KEY,
      name        varchar(255) NOT NULL,
      slug        varchar(100) CONSTRAINT uq_tenants_slug UNIQUE,
      domain      varchar(255),
      settings    jsonb DEFAULT '{}'::jsonb,
      is_active   boolean DEFAULT true,
      created_at  timestamp DEFAULT now(),
      updated_at  timestamp DEFAULT now(),
      version     integer NOT NULL DEFAULT 0
    )`);
    await touchUpdatedAt(q, 'tenants');
    await grantToApp(q, 'tenants', 'SELECT, INSERT, UPDATE');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE tenants`);
  }
}
