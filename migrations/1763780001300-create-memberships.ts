import { MigrationInterface, QueryRunner } from 'typeorm';
import { grantToApp, touchUpdatedAt } from './migration-helpers';

/** Spec 001 `user_tenants` (tenant role, default tenant, expiry), `organizations` and `user_organizations`. */
export class CreateMemberships1763780001300 implements MigrationInterface {
  name = 'CreateMemberships1763780001300';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE user_tenants (
      id          uuid PRIMARY KEY,
      user_id     uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
      tenant_id   uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
      role        varchar(50) NOT NULL,
      is_default  boolean DEFAULT false,
      joined_at   timestamp DEFAULT now(),
      expires_at  timestamp,
      version     integer NOT NULL DEFAULT 0,
      CONSTRAINT uq_user_tenants_user_tenant UNIQUE (user_id, tenant_id)
    )`);
    await q.query(`CREATE INDEX idx_user_tenants_tenant ON user_tenants (tenant_id)`);
    await q.query(
      `CREATE UNIQUE INDEX uq_user_tenants_one_default ON user_tenants (user_id) WHERE is_default`,
    );

    await q.query(`CREATE TABLE organizations (
      id          uuid PRIMARY KEY,
      tenant_id   uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
      name        varchar(255) NOT NULL,
      slug        varchar(100) NOT NULL,
      description text,
      is_active   boolean DEFAULT true,
      created_at  timestamp DEFAULT now(),
      updated_at  timestamp DEFAULT now(),
      version     integer NOT NULL DEFAULT 0,
      CONSTRAINT uq_organizations_tenant_slug UNIQUE (tenant_id, slug)
    )`);
    await touchUpdatedAt(q, 'organizations');

    await q.query(`CREATE TABLE user_organizations (
      id               uuid PRIMARY KEY,
      tenant_id        uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
      user_id          uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
      organization_id  uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
      role             varchar(50) NOT NULL DEFAULT 'member',
      joined_at        timestamp DEFAULT now(),
      CONSTRAINT uq_user_organizations_user_org UNIQUE (user_id, organization_id)
    )`);
    await q.query(
      `CREATE INDEX idx_user_organizations_org ON user_organizations (organization_id)`,
    );

    await grantToApp(q, 'user_tenants');
    await grantToApp(q, 'organizations');
    await grantToApp(q, 'user_organizations');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE user_organizations`);
    await q.query(`DROP TABLE organizations`);
    await q.query(`DROP TABLE user_tenants`);
  }
}
