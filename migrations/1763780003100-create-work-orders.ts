import { MigrationInterface, QueryRunner } from 'typeorm';
import { enableTenantRls, grantToApp, touchUpdatedAt } from './migration-helpers';

/**
 * Spec 003 `work_orders`, plus the hours recorded at completion (labour for the invoice) and
 * `work_order_parts` (inventory reserved for and consumed by the order). PostgreSQL itself
 * refuses double-booking: an exclusion constraint over the technician's scheduled range for
 * the orders that hold the technician (assigned, in progress, on hold).
 */
export class CreateWorkOrders1763780003100 implements MigrationInterface {
  name = 'CreateWorkOrders1763780003100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE work_orders (
      id                      uuid PRIMARY KEY,
      tenant_id               uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
      title                   varchar(255) NOT NULL,
      description             text,
      status                  varchar(20) NOT NULL DEFAULT 'pending'
                                CONSTRAINT ck_work_orders_status CHECK (status IN ('pending', 'assigned', 'in_progress', 'on_hold', 'completed', 'cancelled')),
      priority                varchar(10) NOT NULL DEFAULT 'normal'
                                CONSTRAINT ck_work_orders_priority CHECK (priority IN ('low', 'normal', 'high', 'urgent')),
      customer_id             uuid NOT NULL REFERENCES customers (id),
      assigned_technician_id  uuid REFERENCES technicians (id),
      scheduled_start         timestamptz,
      scheduled_end           timestamptz,
      completed_at            timestamptz,
      labor_hours             numeric(6, 2) CONSTRAINT ck_work_orders_labor_hours CHECK (labor_hours IS NULL OR labor_hours >= 0),
      is_active               boolean NOT NULL DEFAULT true,
      created_at              timestamptz NOT NULL DEFAULT now(),
      updated_at              timestamptz NOT NULL DEFAULT now(),
      version                 integer NOT NULL DEFAULT 0,
      CONSTRAINT ck_work_orders_schedule CHECK (scheduled_end IS NULL OR scheduled_start IS NULL OR scheduled_end > scheduled_start),
      CONSTRAINT ck_work_orders_completed_at CHECK ((status = 'completed') = (completed_at IS NOT NULL)),
      CONSTRAINT ex_work_orders_technician_overlap EXCLUDE USING gist (
        tenant_id WITH =,
        assigned_technician_id WITH =,
        tstzrange(scheduled_start, scheduled_end, '[)') WITH &&
      ) WHERE (assigned_technician_id IS NOT NULL AND scheduled_start IS NOT NULL AND scheduled_end IS NOT NULL
               AND status IN ('assigned', 'in_progress', 'on_hold') AND is_active)
    )`);
    await q.query(
      `CREATE INDEX idx_work_orders_tenant_status ON work_orders (tenant_id, status, created_at DESC)`,
    );
    await q.query(`CREATE INDEX idx_work_orders_customer ON work_orders (customer_id)`);
    await q.query(
      `CREATE INDEX idx_work_orders_technician ON work_orders (assigned_technician_id, scheduled_start)`,
    );
    await q.query(
      `CREATE INDEX idx_work_orders_title ON work_orders USING gin (to_tsvector('simple', title))`,
    );

    await q.query(`CREATE TABLE work_order_parts (
      id             uuid PRIMARY KEY,
      tenant_id      uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
      work_order_id  uuid NOT NULL REFERENCES work_orders (id) ON DELETE CASCADE,
      inventory_id   uuid NOT NULL,
      quantity       integer NOT NULL CONSTRAINT ck_work_order_parts_quantity CHECK (quantity > 0),
      unit_cost      numeric(10, 2) NOT NULL CONSTRAINT ck_work_order_parts_unit_cost CHECK (unit_cost >= 0),
      status         varchar(20) NOT NULL DEFAULT 'reserved' CONSTRAINT ck_work_order_parts_status CHECK (status IN ('reserved', 'consumed', 'released')),
      created_at     timestamptz NOT NULL DEFAULT now(),
      updated_at     timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE INDEX idx_work_order_parts_order ON work_order_parts (work_order_id)`);

    for (const table of ['work_orders', 'work_order_parts']) {
      await touchUpdatedAt(q, table);
      await enableTenantRls(q, table);
      await grantToApp(q, table);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE work_order_parts`);
    await q.query(`DROP TABLE work_orders`);
  }
}
