import { createTestDatabase, superuserClient, TestDatabase } from '@opsledger/testing';
import { Client } from 'pg';
import { systemLogQuery } from './sql-system-log.reader';

/** The default system-log query (the last 7 days) is served by the partial "recent" index. */
describe('system_logs: the recent index serves the default query', () => {
  let db: TestDatabase;
  let su: Client;

  beforeAll(async () => {
    db = await createTestDatabase();
    su = await superuserClient(db.url);
    // weeks of history before the index's cutoff, a little after it, written in time order
    await su.query(`INSERT INTO system_logs (level, source, message, created_at)
      SELECT (ARRAY['info', 'warning', 'error'])[1 + g % 3], 'service', 'old ' || g, now() - interval '30 days' - g * interval '1 minute'
        FROM generate_series(20000, 1, -1) g`);
    await su.query(`INSERT INTO system_logs (level, source, message, created_at)
      SELECT 'error', 'job', 'recent ' || g, now() - g * interval '1 minute' FROM generate_series(50, 1, -1) g`);
    await su.query('VACUUM ANALYZE system_logs');
  });
  afterAll(async () => {
    await su.end();
    await db.drop();
  });

  const plan = async (filter: Parameters<typeof systemLogQuery>[0]) => {
    const { sql, params } = systemLogQuery(filter);
    const r = await su.query(`EXPLAIN (FORMAT JSON) ${sql}`, params);
    return JSON.stringify(r.rows[0]['QUERY PLAN']);
  };

  /**
   * The spec's full idx_system_logs_created_at serves the same query at about the same cost, so
   * the planner may pick either; with it out of the way (dropped inside a rolled-back
   * transaction) the plan shows the default query's cutoff implies the partial index.
   */
  const planWithoutFullIndex = async (filter: Parameters<typeof systemLogQuery>[0]) => {
    await su.query('BEGIN');
    try {
      await su.query('DROP INDEX idx_system_logs_created_at');
      return await plan(filter);
    } finally {
      await su.query('ROLLBACK');
    }
  };

  it('serves the last 7 days from idx_system_logs_recent, with and without a level', async () => {
    const since = new Date(Date.now() - 7 * 86_400_000);
    expect(await planWithoutFullIndex({ since, limit: 100 })).toContain('idx_system_logs_recent');
    expect(await planWithoutFullIndex({ since, level: 'error', limit: 100 })).toContain(
      'idx_system_logs_recent',
    );
  });

  it('cannot use it for a window older than its cutoff (the predicate is not implied)', async () => {
    const since = new Date(Date.now() - 60 * 86_400_000);
    expect(await planWithoutFullIndex({ since, limit: 100 })).not.toContain(
      'idx_system_logs_recent',
    );
  });

  it('answers the recent entries newest first', async () => {
    const { sql, params } = systemLogQuery({
      since: new Date(Date.now() - 7 * 86_400_000),
      source: 'job',
      limit: 3,
    });
    const rows = (await su.query(sql, params)).rows.map((r: { message: string }) => r.message);
    expect(rows).toEqual(['recent 1', 'recent 2', 'recent 3']);
  });

  describe('the daily re-creation with a fresh cutoff', () => {
    const indexDef = async () =>
      (await su.query(`SELECT indexdef FROM pg_indexes WHERE indexname = 'idx_system_logs_recent'`))
        .rows[0]?.indexdef as string | undefined;
    const asApp = async <T>(fn: (c: Client) => Promise<T>): Promise<T> => {
      const c = await superuserClient(db.url);
      try {
        await c.query('SET ROLE opsledger_app');
        return await fn(c);
      } finally {
        await c.end();
      }
    };

    it('rebuilds a stale index (as the application role) so the default query uses it again', async () => {
      // a stale index: its cutoff is 30 days old, so it holds (and scans) a month of rows
      await su.query(`DROP INDEX idx_system_logs_recent`);
      await su.query(
        `CREATE INDEX idx_system_logs_recent ON system_logs (created_at DESC, level) WHERE created_at > '${new Date(Date.now() - 30 * 86_400_000).toISOString()}'::timestamptz`,
      );
      const cutoff = await asApp(
        async (c) =>
          (await c.query(`SELECT system_logs_refresh_recent_index() AS cutoff`)).rows[0]
            .cutoff as Date,
      );
      const now = new Date();
      const expected = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() - 7);
      expect(cutoff.getTime()).toBe(expected);
      const def = await indexDef();
      expect(def).toContain(new Date(expected).toISOString().slice(0, 10));
      expect(
        (
          await su.query(
            `SELECT count(*)::int AS n FROM pg_indexes WHERE indexname LIKE 'idx_system_logs_recent%'`,
          )
        ).rows[0].n,
      ).toBe(1);
      await su.query('ANALYZE system_logs');
      const since = new Date(Date.now() - 7 * 86_400_000);
      expect(await planWithoutFullIndex({ since, limit: 100 })).toContain('idx_system_logs_recent');
      expect(
        await planWithoutFullIndex({ since: new Date(Date.now() - 20 * 86_400_000), limit: 100 }),
      ).not.toContain('idx_system_logs_recent');
    });

    it('answers null, changing nothing, while another instance holds the lock', async () => {
      const before = await indexDef();
      const holder = await superuserClient(db.url);
      try {
        await holder.query('BEGIN');
        await holder.query(
          `SELECT pg_advisory_xact_lock(hashtext('crm:system-logs-recent-index'))`,
        );
        const cutoff = await asApp(
          async (c) =>
            (await c.query(`SELECT system_logs_refresh_recent_index() AS cutoff`)).rows[0].cutoff,
        );
        expect(cutoff).toBeNull();
        await holder.query('ROLLBACK');
      } finally {
        await holder.end();
      }
      expect(await indexDef()).toBe(before);
    });
  });
});
