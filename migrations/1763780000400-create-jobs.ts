import { MigrationInterface, QueryRunner } from 'typeorm';
import { enableTenantRls, grantToApp, touchUpdatedAt } from './migration-helpers';

/**
 * The platform's background-job queue (libs/jobs). A worker claims a queued row whose
 * `run_after` has come with `FOR UPDATE SKIP LOCKED`, holds it under a lease it renews
 * (`heartbeat_at`, `lease_expires_at`), and fences every later write with `locked_by`.
 * Tenant isolation as for every tenant table; jobs without a tenant (platform work) are
 * visible in system scope only.
 */
export class CreateJobs1763780000400 implements MigrationInterface {
  name = 'CreateJobs1763780000400';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE jobs (
      id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      tenant_id         uuid,
      owner_user_id     uuid,
      type              varchar(100) NOT NULL,
      payload           jsonb NOT NULL DEFAULT '{}'::jsonb,
      status            text NOT NULL DEFAULT 'queued',
      attempts          integer NOT NULL DEFAULT 0,
      max_attempts      integer NOT NULL DEFAULT 5,
      run_after         timestamptz NOT NULL DEFAULT now(),
      locked_by         varchar(100),
      lease_expires_at  timestamptz,
      heartbeat_at      timestamptz,
      cancel_requested  boolean NOT NULL DEFAULT false,
      last_error        text,
      result            jsonb,
      created_at        timestamptz NOT NULL DEFAULT now(),
      updated_at        timestamptz NOT NULL DEFAULT now(),
      started_at        timestamptz,
      completed_at      timestamptz,
      CONSTRAINT ck_jobs_status CHECK (status IN ('queued', 'running', 'succeeded', 'failed', 'cancelled')),
      CONSTRAINT ck_jobs_attempts CHECK (attempts >= 0 AND max_attempts >= 1),
      CONSTRAINT ck_jobs_running_has_lease CHECK (status <> 'running' OR (locked_by IS NOT NULL AND lease_expires_at IS NOT NULL))
    )`);
    // What a worker claims: the oldest due job of its type.
    await q.query(`CREATE INDEX idx_jobs_claim ON jobs (type, run_after) WHERE status = 'queued'`);
    // What the reaper scans: running jobs by lease end.
    await q.query(
      `CREATE INDEX idx_jobs_lease ON jobs (lease_expires_at) WHERE status = 'running'`,
    );
    await q.query(`CREATE INDEX idx_jobs_tenant_created ON jobs (tenant_id, created_at DESC)`);
    await touchUpdatedAt(q, 'jobs');
    await enableTenantRls(q, 'jobs');
    await grantToApp(q, 'jobs');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE jobs`);
  }
}
