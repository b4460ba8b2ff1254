import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The plan limit `maxWorkOrdersPerMonth` counts the work orders a user opened this month from
 * the ledger (a deleted order still counts). This partial index keeps that count to the
 * user's own openings instead of a scan of the ledger.
 */
export class IndexWorkOrderOpenings1763780003340 implements MigrationInterface {
  name = 'IndexWorkOrderOpenings1763780003340';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX idx_event_store_work_order_openings ON event_store ((metadata->>'actorId'), recorded_at)
         WHERE event_type = 'field-service.work-order.opened.v1'`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX idx_event_store_work_order_openings`);
  }
}
