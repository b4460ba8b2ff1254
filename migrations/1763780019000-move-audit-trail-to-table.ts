import { MigrationInterface, QueryRunner } from 'typeorm';
import { enableTenantRls, grantToApp } from './migration-helpers';

/**
 * The audit trail gets a table of its own (spec 000's `audit_log`, spec 003's `audit_logs`:
 * both are tables), with the fields auditors filter on as typed columns. In the document
 * store's JSONB table the filters are JSONB operators, which PostgreSQL does not mark
 * leakproof, so under row-level security the planner may not use an index for them and every
 * filtered page scanned the whole trail. Comparisons of uuid, text, bigint and timestamptz are
 * leakproof: these indexes stay usable with the policy on.
 *
 * The entries move by replay: the projection's checkpoint is reset and the runner rebuilds the
 * table from the ledger (erased values stay erased: the ledger holds them sealed).
 */
export class MoveAuditTrailToTable1763780019000 implements MigrationInterface {
  name = 'MoveAuditTrailToTable1763780019000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE audit_trail (
      position       bigint NOT NULL,
      event_id       uuid NOT NULL,
      tenant_id      uuid,
      event_type     varchar(200) NOT NULL,
      resource_type  varchar(100) NOT NULL,
      resource_id    varchar(200) NOT NULL,
      action         varchar(200) NOT NULL,
      actor_id       varchar(200),
      actor_type     varchar(20) NOT NULL,
      result         varchar(20) NOT NULL,
      occurred_at    timestamptz NOT NULL,
      entry          jsonb NOT NULL,
      CONSTRAINT pk_audit_trail PRIMARY KEY (position),
      CONSTRAINT uq_audit_trail_event_id UNIQUE (event_id),
      CONSTRAINT ck_audit_trail_entry_is_object CHECK (jsonb_typeof(entry) = 'object')
    )`);
    await q.query(
      `CREATE INDEX idx_audit_trail_resource ON audit_trail (resource_type, resource_id, position)`,
    );
    await q.query(
      `CREATE INDEX idx_audit_trail_resource_id ON audit_trail (resource_id, position)`,
    );
    await q.query(`CREATE INDEX idx_audit_trail_actor ON audit_trail (actor_id, position)`);
    await q.query(`CREATE INDEX idx_audit_trail_tenant ON audit_trail (tenant_id, position)`);
    await q.query(`CREATE INDEX idx_audit_trail_action ON audit_trail (action, position)`);
    await q.query(`CREATE INDEX idx_audit_trail_occurred ON audit_trail (occurred_at, position)`);
    await q.query(
      `CREATE INDEX idx_audit_trail_unsuccessful ON audit_trail (result, position) WHERE result <> 'success'`,
    );
    await enableTenantRls(q, 'audit_trail');
    // Entries are never changed: inserted by the projection, deleted by retention and rebuilds.
    await grantToApp(q, 'audit_trail', 'SELECT, INSERT, DELETE');

    await q.query(`DELETE FROM documents WHERE collection = 'audit_trail'`);
    await q.query(`DROP INDEX IF EXISTS idx_documents_audit_trail_position`);
    await q.query(`DELETE FROM projection_checkpoints WHERE name = 'audit_trail'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE audit_trail`);
    await q.query(
      `CREATE INDEX idx_documents_audit_trail_position
         ON documents ((COALESCE(body #> '{position}'::text[], 'null'::jsonb)), id)
         WHERE collection = 'audit_trail'`,
    );
    await q.query(`DELETE FROM projection_checkpoints WHERE name = 'audit_trail'`);
  }
}
