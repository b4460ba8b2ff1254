import { MigrationInterface, QueryRunner } from 'typeorm';
import { APP_ROLE } from './migration-helpers';

/**
 * A keyed digest per event (HMAC-SHA256 over position, transaction id and hash, under a key
 * derived from the platform key set that the database never sees) and the id of that key.
 * Rows written before this migration have none and verify reports them as unauthenticated:
 * accepting a missing MAC would let anyone who can write the database strip one.
 *
 * Appends draw their positions first (so the MAC can cover them) and insert them explicitly:
 * the application role needs the identity sequence.
 */
export class AddEventMacs1763780007200 implements MigrationInterface {
  name = 'AddEventMacs1763780007200';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE event_store ADD COLUMN mac char(64), ADD COLUMN mac_key_id varchar(100)`,
    );
    await q.query(`ALTER TABLE event_store ADD CONSTRAINT ck_event_store_mac
      CHECK (mac IS NOT NULL AND mac_key_id IS NOT NULL) NOT VALID`);
    await q.query(`GRANT USAGE ON SEQUENCE event_store_position_seq TO ${APP_ROLE}`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`REVOKE USAGE ON SEQUENCE event_store_position_seq FROM ${APP_ROLE}`);
    await q.query(`ALTER TABLE event_store DROP CONSTRAINT ck_event_store_mac`);
    await q.query(`ALTER TABLE event_store DROP COLUMN mac_key_id, DROP COLUMN mac`);
  }
}
