import { MigrationInterface, QueryRunner } from 'typeorm';
import { enableTenantRls, grantToApp, touchUpdatedAt } from './migration-helpers';

/**
 * Spec 003 `invoices` and `contracts`. Money is numeric (never floating point) and the
 * database checks `total = amount + tax` itself. Invoice numbers come from a counter row per
 * tenant and year, incremented under its row lock: consecutive and unique under concurrency.
 */
export class CreateBilling1763780003200 implements MigrationInterface {
  name = 'CreateBilling1763780003200';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE invoice_number_counters (
      tenant_id   uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
      year        integer NOT NULL,
      last_value  integer NOT NULL,
      PRIMARY KEY (tenant_id, year)
    )`);

    await q.query(`CREATE TABLE invoices (
      id              uuid PRIMARY KEY,
      tenant_id       uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
      invoice_number  varchar(30) NOT NULL,
      customer_id     uuid NOT NULL REFERENCES customers (id),
      work_order_id   uuid REFERENCES work_orders (id),
      amount          numeric(12, 2) NOT NULL CONSTRAINT ck_invoices_amount CHECK (amount >= 0),
      tax             numeric(12, 2) NOT NULL DEFAULT 0 CONSTRAINT ck_invoices_tax CHECK (tax >= 0),
      total           numeric(12, 2) NOT NULL,
      line_items      jsonb NOT NULL DEFAULT '[]'::jsonb CONSTRAINT ck_invoices_line_items CHECK (jsonb_typeof(line_items) = 'array'),
      status          varchar(10) NOT NULL DEFAULT 'draft'
                        CONSTRAINT ck_invoices_status CHECK (status IN ('draft', 'sent', 'paid', 'overdue', 'void')),
      due_date        date,
      paid_at         timestamptz,
      is_active       boolean NOT NULL DEFAULT true,
      created_at      timestamptz NOT NULL DEFAULT now(),
      updated_at      timestamptz NOT NULL DEFAULT now(),
      version         integer NOT NULL DEFAULT 0,
      CONSTRAINT uq_invoices_tenant_number UNIQUE (tenant_id, invoice_number),
      CONSTRAINT ck_invoices_total CHECK (total = amount + tax),
      CONSTRAINT ck_invoices_paid_at CHECK ((status = 'paid') = (paid_at IS NOT NULL))
    )`);
    await q.query(
      `CREATE UNIQUE INDEX uq_invoices_work_order ON invoices (work_order_id) WHERE work_order_id IS NOT NULL AND status <> 'void'`,
    );
    await q.query(
      `CREATE INDEX idx_invoices_tenant_status ON invoices (tenant_id, status, due_date)`,
    );
    await q.query(`CREATE INDEX idx_invoices_customer ON invoices (customer_id)`);

    await q.query(`CREATE TABLE contracts (
      id               uuid PRIMARY KEY,
      tenant_id        uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
      contract_number  varchar(50) NOT NULL,
      customer_id      uuid NOT NULL REFERENCES customers (id),
      start_date       date NOT NULL,
      end_date         date NOT NULL,
      terms            text,
      value            numeric(12, 2) NOT NULL DEFAULT 0 CONSTRAINT ck_contracts_value CHECK (value >= 0),
      billing_cycle    varchar(10) NOT NULL CONSTRAINT ck_contracts_billing_cycle CHECK (billing_cycle IN ('monthly', 'quarterly', 'annually')),
      status           varchar(12) NOT NULL DEFAULT 'draft'
                         CONSTRAINT ck_contracts_status CHECK (status IN ('draft', 'active', 'expired', 'terminated')),
      is_active        boolean NOT NULL DEFAULT true,
      created_at       timestamptz NOT NULL DEFAULT now(),
      updated_at       timestamptz NOT NULL DEFAULT now(),
      version          integer NOT NULL DEFAULT 0,
      CONSTRAINT uq_contracts_tenant_number UNIQUE (tenant_id, contract_number),
      CONSTRAINT ck_contracts_dates CHECK (end_date > start_date)
    )`);
    await q.query(
      `CREATE INDEX idx_contracts_tenant_status_end ON contracts (tenant_id, status, end_date)`,
    );
    await q.query(`CREATE INDEX idx_contracts_customer ON contracts (customer_id)`);

    for (const table of ['invoice_number_counters', 'invoices', 'contracts']) {
      if (table !== 'invoice_number_counters') await touchUpdatedAt(q, table);
      await enableTenantRls(q, table);
      await grantToApp(q, table);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE contracts`);
    await q.query(`DROP TABLE invoices`);
    await q.query(`DROP TABLE invoice_number_counters`);
  }
}
