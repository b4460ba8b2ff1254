import { MigrationInterface, QueryRunner } from 'typeorm';
import { APP_ROLE } from './migration-helpers';

/**
 * `idx_system_logs_recent` holds a literal cutoff (NOW() is not immutable), so it goes stale:
 * `system_logs_refresh_recent_index()` rebuilds it with a fresh cutoff (midnight UTC seven
 * days ago) and answers that cutoff, or NULL when another instance holds the advisory lock.
 *
 * Only the table's owner may build an index, and the service owns nothing; CREATE INDEX
 * CONCURRENTLY cannot run inside a function (a function is a transaction), so the owner's
 * function builds the new index plainly, drops the old one and renames the new one, in one
 * transaction (docs/decisions.md, issue 15). The build blocks writes to system_logs, whose one
 * writer is the batched SqlSystemLogWriter (off every request's path), and the swap waits at
 * most `lock_timeout` for readers.
 */
export class CreateSystemLogsIndexRefresh1763780040100 implements MigrationInterface {
  name = 'CreateSystemLogsIndexRefresh1763780040100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE FUNCTION system_logs_refresh_recent_index() RETURNS timestamptz
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = public SET lock_timeout = '5s' AS $$
      DECLARE
        cutoff timestamptz := date_trunc('day', (now() - interval '7 days') AT TIME ZONE 'UTC') AT TIME ZONE 'UTC';
      BEGIN
        IF NOT pg_try_advisory_xact_lock(hashtext('crm:system-logs-recent-index')) THEN
          RETURN NULL;
        END IF;
        DROP INDEX IF EXISTS idx_system_logs_recent_next;
        EXECUTE format(
          'CREATE INDEX idx_system_logs_recent_next ON system_logs (created_at DESC, level) WHERE created_at > %L::timestamptz',
          to_char(cutoff AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'));
        DROP INDEX IF EXISTS idx_system_logs_recent;
        ALTER INDEX idx_system_logs_recent_next RENAME TO idx_system_logs_recent;
        RETURN cutoff;
      END $$`);
    await q.query(`REVOKE ALL ON FUNCTION system_logs_refresh_recent_index() FROM PUBLIC`);
    await q.query(`GRANT EXECUTE ON FUNCTION system_logs_refresh_recent_index() TO ${APP_ROLE}`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION system_logs_refresh_recent_index()`);
  }
}
