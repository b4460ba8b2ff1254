import { MigrationInterface, QueryRunner } from 'typeorm';
import { enableTenantRls, grantToApp, touchUpdatedAt } from './migration-helpers';

/**
 * Spec 003 `customers` and `technicians`, per tenant: UUID keys (spec 003's serials become
 * UUIDs), identity fields unique per tenant, the user-profile link (a user is the customer's
 * or technician's portal login), validated JSON for addresses, certifications and skills,
 * and the aggregate version.
 */
export class CreateFieldServiceParties1763780003000 implements MigrationInterface {
  name = 'CreateFieldServiceParties1763780003000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE customers (
      id               uuid PRIMARY KEY,
      tenant_id        uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
      user_id          uuid REFERENCES users (id) ON DELETE SET NULL,
      email            varchar(255) NOT NULL,
      phone            varchar(50),
      company_name     varchar(255),
      billing_address  jsonb,
      service_address  jsonb,
      is_active        boolean NOT NULL DEFAULT true,
      status           varchar(20) NOT NULL DEFAULT 'active' CONSTRAINT ck_customers_status CHECK (status IN ('active', 'inactive', 'suspended')),
      created_at       timestamptz NOT NULL DEFAULT now(),
      updated_at       timestamptz NOT NULL DEFAULT now(),
      version          integer NOT NULL DEFAULT 0,
      CONSTRAINT uq_customers_tenant_email UNIQUE (tenant_id, email),
      CONSTRAINT uq_customers_tenant_user UNIQUE (tenant_id, user_id),
      CONSTRAINT ck_customers_billing_address CHECK (billing_address IS NULL OR jsonb_typeof(billing_address) = 'object'),
      CONSTRAINT ck_customers_service_address CHECK (service_address IS NULL OR jsonb_typeof(service_address) = 'object')
    )`);
    await q.query(`CREATE INDEX idx_customers_tenant_active ON customers (tenant_id, is_active)`);
    await q.query(
      `CREATE INDEX idx_customers_company_name ON customers (tenant_id, lower(company_name))`,
    );

    await q.query(`CREATE TABLE technicians (
      id               uuid PRIMARY KEY,
      tenant_id        uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
      user_id          uuid REFERENCES users (id) ON DELETE SET NULL,
      license_number   varchar(50) NOT NULL,
      first_name       varchar(100) NOT NULL,
      last_name        varchar(100) NOT NULL,
      email            varchar(255),
      phone            varchar(50),
      hourly_rate      numeric(10, 2) NOT NULL DEFAULT 0 CONSTRAINT ck_technicians_hourly_rate CHECK (hourly_rate >= 0),
      certifications   jsonb NOT NULL DEFAULT '[]'::jsonb CONSTRAINT ck_technicians_certifications CHECK (jsonb_typeof(certifications) = 'array'),
      skills           jsonb NOT NULL DEFAULT '[]'::jsonb CONSTRAINT ck_technicians_skills CHECK (jsonb_typeof(skills) = 'array'),
      is_active        boolean NOT NULL DEFAULT true,
      status           varchar(20) NOT NULL DEFAULT 'active' CONSTRAINT ck_technicians_status CHECK (status IN ('active', 'inactive', 'on_leave')),
      availability     varchar(20) NOT NULL DEFAULT 'available' CONSTRAINT ck_technicians_availability CHECK (availability IN ('available', 'busy', 'off_duty')),
      created_at       timestamptz NOT NULL DEFAULT now(),
      updated_at       timestamptz NOT NULL DEFAULT now(),
      version          integer NOT NULL DEFAULT 0,
      CONSTRAINT uq_technicians_tenant_license UNIQUE (tenant_id, license_number),
      CONSTRAINT uq_technicians_tenant_user UNIQUE (tenant_id, user_id)
    )`);
    await q.query(
      `CREATE INDEX idx_technicians_skills ON technicians USING gin (skills jsonb_path_ops)`,
    );
    await q.query(
      `CREATE INDEX idx_technicians_tenant_availability ON technicians (tenant_id, availability) WHERE is_active`,
    );

    for (const table of ['customers', 'technicians']) {
      await touchUpdatedAt(q, table);
      await enableTenantRls(q, table);
      await grantToApp(q, table);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE technicians`);
    await q.query(`DROP TABLE customers`);
  }
}
