import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An item's parts are read by item: its open reservations whenever the item is loaded, whether it
 * was ever used before a delete, and the foreign key's own check when an item row goes.
 */
export class IndexWorkOrderPartsInventory1763780003310 implements MigrationInterface {
  name = 'IndexWorkOrderPartsInventory1763780003310';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX idx_work_order_parts_inventory ON work_order_parts (inventory_id, status)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX idx_work_order_parts_inventory`);
  }
}
