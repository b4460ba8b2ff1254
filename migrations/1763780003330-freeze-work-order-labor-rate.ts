import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The technician's hourly rate as it was when the work was completed, so an invoice bills the
 * rate of the work and not whatever the technician earns by the time it is written. Orders
 * completed before this column existed keep NULL and are billed at the technician's rate.
 */
export class FreezeWorkOrderLaborRate1763780003330 implements MigrationInterface {
  name = 'FreezeWorkOrderLaborRate1763780003330';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE work_orders ADD COLUMN labor_rate numeric(10, 2)
         CONSTRAINT ck_work_orders_labor_rate CHECK (labor_rate IS NULL OR labor_rate >= 0)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE work_orders DROP COLUMN labor_rate`);
  }
}
