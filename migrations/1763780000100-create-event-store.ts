import { MigrationInterface, QueryRunner } from 'typeorm';
import { APP_ROLE } from './migration-helpers';

/**
 * The ledger. Append-only twice over: a trigger refuses UPDATE, DELETE and TRUNCATE for
 * every role (the owner included), and the run-time role is granted SELECT and INSERT only.
 */
export class CreateEventStore1763780000100 implements MigrationInterface {
  name = 'CreateEventStore1763780000100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE event_store (
      position        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      tx_id           xid8 NOT NULL DEFAULT pg_current_xact_id(),
      event_id        uuid NOT NULL,
      stream_type     varchar(100) NOT NULL,
      stream_id       varchar(200) NOT NULL,
      stream_version  integer NOT NULL CHECK (stream_version > 0),
      event_type      varchar(200) NOT NULL,
      schema_version  smallint NOT NULL DEFAULT 1,
      payload         jsonb NOT NULL,
      metadata        jsonb NOT NULL,
      tenant_id       uuid,
      occurred_at     timestamptz NOT NULL,
      recorded_at     timestamptz NOT NULL DEFAULT clock_timestamp(),
      prev_hash       char(64),
      hash            char(64) NOT NULL,
      CONSTRAINT uq_event_store_event_id UNIQUE (event_id),
      CONSTRAINT uq_event_store_stream_version UNIQUE (stream_type, stream_id, stream_version)
    )`);
    await q.query(`CREATE INDEX idx_event_store_commit_order ON event_store (tx_id, position)`);
    await q.query(`CREATE INDEX idx_event_store_tenant ON event_store (tenant_id, position)`);
    await q.query(`CREATE OR REPLACE FUNCTION event_store_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'event_store is append-only: % refused', TG_OP USING ERRCODE = '42501'; END $$`);
    await q.query(`CREATE TRIGGER event_store_no_update BEFORE UPDATE OR DELETE ON event_store
      FOR EACH ROW EXECUTE FUNCTION event_store_refuse_change()`);
    await q.query(`CREATE TRIGGER event_store_no_truncate BEFORE TRUNCATE ON event_store
      FOR EACH STATEMENT EXECUTE FUNCTION event_store_refuse_change()`);
    await q.query(`REVOKE ALL ON TABLE event_store FROM PUBLIC`);
    await q.query(`GRANT SELECT, INSERT ON TABLE event_store TO ${APP_ROLE}`);

    await q.query(`CREATE TABLE projection_checkpoints (
      name        varchar(100) PRIMARY KEY,
      tx_id       xid8 NOT NULL DEFAULT '0',
      position    bigint NOT NULL DEFAULT 0,
      updated_at  timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`GRANT SELECT, INSERT, UPDATE ON TABLE projection_checkpoints TO ${APP_ROLE}`);

    await q.query(`CREATE TABLE event_seals (
      id              uuid PRIMARY KEY,
      from_tx_id      xid8 NOT NULL,
      from_position   bigint NOT NULL,
      to_tx_id        xid8 NOT NULL,
      to_position     bigint NOT NULL,
      event_count     integer NOT NULL CHECK (event_count > 0),
      digest          char(64) NOT NULL,
      prev_seal_digest char(64),
      signature       text NOT NULL,
      key_id          varchar(100) NOT NULL,
      created_at      timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE UNIQUE INDEX uq_event_seals_to ON event_seals (to_tx_id, to_position)`);
    await q.query(`CREATE TRIGGER event_seals_no_update BEFORE UPDATE OR DELETE ON event_seals
      FOR EACH ROW EXECUTE FUNCTION event_store_refuse_change()`);
    await q.query(`REVOKE ALL ON TABLE event_seals FROM PUBLIC`);
    await q.query(`GRANT SELECT, INSERT ON TABLE event_seals TO ${APP_ROLE}`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE event_seals`);
    await q.query(`DROP TABLE projection_checkpoints`);
    await q.query(`DROP TABLE event_store`);
    await q.query(`DROP FUNCTION event_store_refuse_change()`);
  }
}
