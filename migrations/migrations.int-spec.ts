import { createTestDatabase, superuserClient, TestDatabase } from '@opsledger/testing';
import { DataSource } from 'typeorm';
import { migrationDataSourceOptions, runMigrations } from './data-source';
import { MIGRATIONS } from './index';

/** Every migration's down() works, and up() again rebuilds the same schema. */
describe('migrations', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db.drop());

  const schema = async () => {
    const c = await superuserClient(db.url);
    const r = await c.query(
      `SELECT table_name, column_name, data_type, is_nullable FROM information_schema.columns
        WHERE table_schema = 'public' ORDER BY table_name, column_name`,
    );
    const idx = await c.query(
      `SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' ORDER BY indexname`,
    );
    const pol = await c.query(
      `SELECT tablename, policyname, qual FROM pg_policies ORDER BY tablename, policyname`,
    );
    await c.end();
    return { columns: r.rows, indexes: idx.rows, policies: pol.rows };
  };

  it('reverts every migration and re-applies them to the same schema', async () => {
    const before = await schema();
    expect(before.columns.length).toBeGreaterThan(50);
    const ds = new DataSource(migrationDataSourceOptions(db.url));
    await ds.initialize();
    try {
      for (let i = 0; i < MIGRATIONS.length; i++)
        await ds.undoLastMigration({ transaction: 'each' });
      const c = await superuserClient(db.url);
      const left = await c.query(
        `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name <> 'typeorm_migrations'`,
      );
      await c.end();
      expect(left.rows).toEqual([]);
      await ds.runMigrations({ transaction: 'each' });
    } finally {
      await ds.destroy();
    }
    expect(await schema()).toEqual(before);
  });

  it('keeps spec 001 indexes and constraints on users and sessions', async () => {
    const { indexes } = await schema();
    const names = indexes.map((i: { indexname: string }) => i.indexname);
    for (const name of [
      'idx_users_email',
      'idx_users_username',
      'idx_users_is_active',
      'idx_sessions_user_id',
      'idx_sessions_token',
      'idx_sessions_expires',
      'uq_user_tenants_user_tenant',
    ]) {
      expect(names).toContain(name);
    }
  });
});

/** A boot's migration run leaves one system_logs entry: what it applied, or what failed. */
describe('migration runs in system_logs', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db.drop());

  const entries = async () => {
    const c = await superuserClient(db.url);
    const r = await c.query(
      `SELECT level, message, details FROM system_logs WHERE source = 'migration' ORDER BY created_at`,
    );
    await c.end();
    return r.rows as Array<{ level: string; message: string; details: Record<string, unknown> }>;
  };

  it('records the run that applied the migrations, naming them', async () => {
    const [run] = await entries();
    expect(run).toMatchObject({
      level: 'info',
      message: `applied ${MIGRATIONS.length} migrations`,
    });
    expect(run.details.migrations).toContain('CreateCrm1763780040000');
    expect(await runMigrations(db.url)).toEqual([]);
    expect(await entries()).toHaveLength(1);
  });

  it('records a failed run with the migration and the error’s code, and still fails', async () => {
    const failing = 'CreateSystemLogsIndexRefresh1763780040100';
    const c = await superuserClient(db.url);
    // forgotten as applied: its CREATE FUNCTION meets the function it made before
    await c.query(`DELETE FROM typeorm_migrations WHERE name = $1`, [failing]);
    await c.end();
    await expect(runMigrations(db.url)).rejects.toThrow(/already exists/);
    const failed = (await entries()).at(-1);
    expect(failed).toMatchObject({
      level: 'error',
      message: `migration ${failing} failed`,
      details: { migration: failing, errorCode: '42723', errorType: 'QueryFailedError' },
    });
  });
});
