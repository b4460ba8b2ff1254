import { MigrationInterface, QueryRunner } from 'typeorm';
import { enableTenantRls, grantToApp, touchUpdatedAt } from './migration-helpers';

/**
 * Spec 003 `inventory`, plus `reserved_quantity` (parts set aside for work orders). Quantity
 * never goes negative and reservations never exceed stock: the database checks both.
 */
export class CreateInventory1763780003300 implements MigrationInterface {
  name = 'CreateInventory1763780003300';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE inventory (
      id                 uuid PRIMARY KEY,
      tenant_id          uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
      name               varchar(255) NOT NULL,
      sku                varchar(100) NOT NULL,
      description        text,
      quantity           integer NOT NULL DEFAULT 0 CONSTRAINT ck_inventory_quantity CHECK (quantity >= 0),
      reserved_quantity  integer NOT NULL DEFAULT 0,
      reorder_level      integer NOT NULL DEFAULT 0 CONSTRAINT ck_inventory_reorder_level CHECK (reorder_level >= 0),
      unit_cost          numeric(10, 2) NOT NULL DEFAULT 0 CONSTRAINT ck_inventory_unit_cost CHECK (unit_cost >= 0),
      location           varchar(255),
      supplier           varchar(255),
      status             varchar(20) NOT NULL DEFAULT 'in_stock'
                           CONSTRAINT ck_inventory_status CHECK (status IN ('in_stock', 'low_stock', 'out_of_stock', 'discontinued')),
      is_active          boolean NOT NULL DEFAULT true,
      created_at         timestamptz NOT NULL DEFAULT now(),
      updated_at         timestamptz NOT NULL DEFAULT now(),
      version            integer NOT NULL DEFAULT 0,
      CONSTRAINT uq_inventory_tenant_sku UNIQUE (tenant_id, sku),
      CONSTRAINT ck_inventory_reserved CHECK (reserved_quantity >= 0 AND reserved_quantity <= quantity)
    )`);
    await q.query(
      `CREATE INDEX idx_inventory_reorder ON inventory (tenant_id) WHERE is_active AND quantity <= reorder_level`,
    );
    await q.query(
      `ALTER TABLE work_order_parts ADD CONSTRAINT fk_work_order_parts_inventory FOREIGN KEY (inventory_id) REFERENCES inventory (id)`,
    );
    await touchUpdatedAt(q, 'inventory');
    await enableTenantRls(q, 'inventory');
    await grantToApp(q, 'inventory');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE work_order_parts DROP CONSTRAINT fk_work_order_parts_inventory`);
    await q.query(`DROP TABLE inventory`);
  }
}
