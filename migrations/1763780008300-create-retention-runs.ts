import { MigrationInterface, QueryRunner } from 'typeorm';
import { grantToApp } from './migration-helpers';

/**
 * Passes of the retention rules that removed something (issue 12): the rows of the auditors'
 * retention report, each also an event of the ledger. Only the system scope the retention job
 * runs in writes them; privileged readers (platform admins and auditors) read them. Records are
 * counted, never named.
 */
export class CreateRetentionRuns1763780008300 implements MigrationInterface {
  name = 'CreateRetentionRuns1763780008300';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE retention_runs (
      id           uuid PRIMARY KEY,
      rule         varchar(100) NOT NULL,
      store        varchar(20) NOT NULL,
      location     varchar(100) NOT NULL,
      action       varchar(10) NOT NULL CONSTRAINT ck_retention_runs_action CHECK (action IN ('deleted', 'archived')),
      cutoff       timestamptz NOT NULL,
      removed      integer NOT NULL CONSTRAINT ck_retention_runs_removed CHECK (removed > 0),
      started_at   timestamptz NOT NULL,
      finished_at  timestamptz NOT NULL,
      version      integer NOT NULL DEFAULT 0,
      CONSTRAINT ck_retention_runs_order CHECK (finished_at >= started_at)
    )`);
    await q.query(
      `CREATE INDEX idx_retention_runs_rule ON retention_runs (rule, finished_at DESC)`,
    );
    await q.query(`ALTER TABLE retention_runs ENABLE ROW LEVEL SECURITY`);
    await q.query(`ALTER TABLE retention_runs FORCE ROW LEVEL SECURITY`);
    await q.query(`CREATE POLICY retention_runs_visible ON retention_runs FOR SELECT
      USING (app_is_privileged())`);
    await q.query(`CREATE POLICY retention_runs_insert ON retention_runs FOR INSERT
      WITH CHECK (current_setting('app.scope', true) = 'system')`);
    await grantToApp(q, 'retention_runs', 'SELECT, INSERT');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE retention_runs`);
  }
}
