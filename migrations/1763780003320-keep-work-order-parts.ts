import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A work order's parts are children of the inventory item they came from: its
 * `reserved_quantity` is the sum of its reserved parts. Deleting a work order used to cascade to
 * its parts behind the item's back, leaving units reserved for nothing; now a work order with
 * parts cannot be deleted until they are settled through the inventory. NO ACTION (checked at the
 * end of the statement) still lets a tenant's deletion cascade through both tables.
 */
export class KeepWorkOrderParts1763780003320 implements MigrationInterface {
  name = 'KeepWorkOrderParts1763780003320';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE work_order_parts DROP CONSTRAINT work_order_parts_work_order_id_fkey`,
    );
    await q.query(
      `ALTER TABLE work_order_parts ADD CONSTRAINT fk_work_order_parts_work_order
         FOREIGN KEY (work_order_id) REFERENCES work_orders (id)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE work_order_parts DROP CONSTRAINT fk_work_order_parts_work_order`);
    await q.query(
      `ALTER TABLE work_order_parts ADD CONSTRAINT work_order_parts_work_order_id_fkey
         FOREIGN KEY (work_order_id) REFERENCES work_orders (id) ON DELETE CASCADE`,
    );
  }
}
