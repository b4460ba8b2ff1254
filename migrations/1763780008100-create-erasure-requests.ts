import { MigrationInterface, QueryRunner } from 'typeorm';
import { grantToApp, touchUpdatedAt } from './migration-helpers';

/**
 * Right-to-erasure requests and the job that carries them out. `user_id` has no foreign key:
 * the erasure deletes the user. The plan and steps name subjects and records by id, and the
 * certificate lists stores, actions and counts: no personal data is kept here either.
 * At most one open (scheduled or running) request per user. `attempts` and `lease_until` are
 * the job's claim (FOR UPDATE SKIP LOCKED, a lease renewed between steps).
 */
export class CreateErasureRequests1763780008100 implements MigrationInterface {
  name = 'CreateErasureRequests1763780008100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE erasure_requests (
      id                 uuid PRIMARY KEY,
      user_id            uuid NOT NULL,
      via                varchar(10) NOT NULL CONSTRAINT ck_erasure_requests_via CHECK (via IN ('admin', 'self')),
      requested_by       uuid,
      status             varchar(12) NOT NULL
                           CONSTRAINT ck_erasure_requests_status CHECK (status IN ('scheduled', 'running', 'completed', 'cancelled', 'failed')),
      not_before         timestamptz NOT NULL,
      created_at         timestamptz NOT NULL DEFAULT now(),
      updated_at         timestamptz NOT NULL DEFAULT now(),
      started_at         timestamptz,
      completed_at       timestamptz,
      cancelled_at       timestamptz,
      plan               jsonb,
      steps              jsonb NOT NULL DEFAULT '[]'::jsonb CONSTRAINT ck_erasure_requests_steps CHECK (jsonb_typeof(steps) = 'array'),
      certificate        jsonb,
      signature          text,
      attempts           integer NOT NULL DEFAULT 0,
      lease_until        timestamptz,
      last_error         text,
      version            integer NOT NULL DEFAULT 0,
      CONSTRAINT ck_erasure_requests_certified CHECK ((status = 'completed') = (certificate IS NOT NULL AND signature IS NOT NULL))
    )`);
    await q.query(
      `CREATE UNIQUE INDEX uq_erasure_requests_open_user ON erasure_requests (user_id) WHERE status IN ('scheduled', 'running')`,
    );
    await q.query(
      `CREATE INDEX idx_erasure_requests_due ON erasure_requests (not_before) WHERE status IN ('scheduled', 'running')`,
    );
    await q.query(
      `CREATE INDEX idx_erasure_requests_user ON erasure_requests (user_id, created_at DESC)`,
    );
    await q.query(
      `CREATE INDEX idx_erasure_requests_created ON erasure_requests (created_at DESC, id DESC)`,
    );
    await touchUpdatedAt(q, 'erasure_requests');
    await q.query(`ALTER TABLE erasure_requests ENABLE ROW LEVEL SECURITY`);
    await q.query(`ALTER TABLE erasure_requests FORCE ROW LEVEL SECURITY`);
    await q.query(`CREATE POLICY erasure_requests_visible ON erasure_requests FOR SELECT
      USING (app_is_privileged() OR user_id = current_user_id())`);
    await q.query(`CREATE POLICY erasure_requests_insert ON erasure_requests FOR INSERT
      WITH CHECK (app_is_privileged() OR (user_id = current_user_id() AND via = 'self'))`);
    await q.query(`CREATE POLICY erasure_requests_update ON erasure_requests FOR UPDATE
      USING (app_is_privileged() OR user_id = current_user_id())
      WITH CHECK (app_is_privileged() OR user_id = current_user_id())`);
    await grantToApp(q, 'erasure_requests', 'SELECT, INSERT, UPDATE');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE erasure_requests`);
  }
}
