import { MigrationInterface, QueryRunner } from 'typeorm';
import { APP_ROLE } from './migration-helpers';

/** The ledger-writer lock: `pg_advisory_xact_lock_shared(LEDGER_LOCK_CLASS, LEDGER_LOCK_ID)`. */
export const LEDGER_LOCK_CLASS = 1330398532; // 'OLED'
export const LEDGER_LOCK_ID = 1;

/**
 * Bounds how far one open transaction can hold back the ledger's readers. Readers used to stop
 * below the oldest transaction id in flight anywhere on the server, so any session that held
 * an id (in any database) stopped the projector and the sealer for as long as it stayed open.
 *
 * Every transaction that may append takes a shared transaction-level advisory lock before it
 * has a transaction id (`ledger_writer_begin()`, sent with its BEGIN), and a statement trigger
 * refuses appends from any other transaction. A reader's horizon (`ledger_read_horizon`) is
 * then the oldest id of its snapshot's in-progress list that is not provably harmless: an id
 * whose transaction still runs without the lock never held it (transaction locks are released
 * only at the end) and can no longer take it, so it never appends and is passed over. Ids that
 * finished after the snapshot, ledger writers and anything unknown (prepared transactions)
 * still hold the horizon: nothing is ever skipped.
 */
export class CreateLedgerWriterLock1763780007100 implements MigrationInterface {
  name = 'CreateLedgerWriterLock1763780007100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE FUNCTION ledger_writer_begin() RETURNS void LANGUAGE plpgsql AS $$
      BEGIN
        IF pg_current_xact_id_if_assigned() IS NOT NULL THEN
          RAISE EXCEPTION 'ledger_writer_begin() must run before the transaction has an id'
            USING ERRCODE = '55000';
        END IF;
        PERFORM pg_advisory_xact_lock_shared(${LEDGER_LOCK_CLASS}, ${LEDGER_LOCK_ID});
        PERFORM set_config('opsledger.ledger_writer', 'on', true);
      END $$`);
    await q.query(`GRANT EXECUTE ON FUNCTION ledger_writer_begin() TO ${APP_ROLE}`);

    await q.query(`CREATE FUNCTION event_store_require_writer() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF current_setting('opsledger.ledger_writer', true) IS DISTINCT FROM 'on' THEN
          RAISE EXCEPTION 'event_store: appends run only in a ledger-writer transaction (ledger_writer_begin() first)'
            USING ERRCODE = '55000';
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`CREATE TRIGGER event_store_writer_only BEFORE INSERT ON event_store
      FOR EACH STATEMENT EXECUTE FUNCTION event_store_require_writer()`);

    await q.query(`CREATE FUNCTION ledger_writer_pids() RETURNS int[] LANGUAGE sql VOLATILE AS $$
      SELECT coalesce(array_agg(l.pid), '{}') FROM pg_locks l
       WHERE l.locktype = 'advisory' AND l.classid = ${LEDGER_LOCK_CLASS} AND l.objid = ${LEDGER_LOCK_ID}
         AND l.objsubid = 2 AND l.granted
         AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database()) $$`);
    await q.query(`GRANT EXECUTE ON FUNCTION ledger_writer_pids() TO ${APP_ROLE}`);

    // The lock holders are read before pg_stat_activity, whose cached copy is cleared first: a
    // transaction seen running without the lock was already running, lockless, when the lock
    // holders were read. Both views cover every database of the server. Ids at or above the
    // snapshot's xmax are never in xip and always above the horizon.
    await q.query(`CREATE FUNCTION ledger_read_horizon(snap pg_snapshot) RETURNS xid8
      LANGUAGE plpgsql VOLATILE AS $$
      DECLARE
        writers int[] := ledger_writer_pids();
        bound xid8;
      BEGIN
        PERFORM pg_stat_clear_snapshot();
        SELECT min(x) INTO bound FROM pg_snapshot_xip(snap) AS x
         WHERE NOT EXISTS (SELECT 1 FROM pg_stat_activity a
                            WHERE a.backend_xid = x::xid AND NOT (a.pid = ANY (writers)));
        RETURN coalesce(bound, pg_snapshot_xmax(snap));
      END $$`);
    await q.query(`GRANT EXECUTE ON FUNCTION ledger_read_horizon(pg_snapshot) TO ${APP_ROLE}`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION ledger_read_horizon(pg_snapshot)`);
    await q.query(`DROP FUNCTION ledger_writer_pids()`);
    await q.query(`DROP TRIGGER event_store_writer_only ON event_store`);
    await q.query(`DROP FUNCTION event_store_require_writer()`);
    await q.query(`DROP FUNCTION ledger_writer_begin()`);
  }
}
