import 'reflect-metadata';
import { DataSource, DataSourceOptions } from 'typeorm';
import { MIGRATIONS } from './index';

/** Options for the migration connection: the owner's, never `synchronize`. */
export function migrationDataSourceOptions(url: string): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    synchronize: false,
    migrationsRun: false,
    migrations: MIGRATIONS,
    migrationsTableName: 'typeorm_migrations',
    migrationsTransactionMode: 'each',
    entities: [],
    logging: ['error'],
  };
}

/**
 * Applies what is pending, each migration in its own transaction. A run that applied
 * something, and a run that failed, leave one entry in system_logs (source `migration`, once
 * the table exists): which migrations ran, or which one failed with its error's type, code and
 * message. Recording never hides the migration's own outcome.
 */
export async function runMigrations(url: string): Promise<string[]> {
  const dataSource = new DataSource(migrationDataSourceOptions(url));
  await dataSource.initialize();
  try {
    const started = Date.now();
    let names: string[];
    try {
      names = (await dataSource.runMigrations({ transaction: 'each' })).map((m) => m.name);
    } catch (error) {
      await recordMigrationRun(dataSource, 'error', await failureOf(dataSource, error));
      throw error;
    }
    if (names.length > 0)
      await recordMigrationRun(dataSource, 'info', {
        message: `applied ${names.length} migration${names.length === 1 ? '' : 's'}`,
        details: { migrations: names, ms: Date.now() - started },
      });
    return names;
  } finally {
    await dataSource.destroy();
  }
}

interface MigrationRunEntry {
  message: string;
  details: Record<string, unknown>;
}

/** The first listed migration not recorded as applied is the one that failed. */
async function failureOf(dataSource: DataSource, error: unknown): Promise<MigrationRunEntry> {
  let failed: string | null = null;
  try {
    const applied = new Set(
      (
        (await dataSource.query(`SELECT name FROM typeorm_migrations`)) as Array<{ name: string }>
      ).map((r) => r.name),
    );
    failed =
      MIGRATIONS.map((m) => (new m() as { name?: string }).name ?? m.name).find(
        (name) => !applied.has(name),
      ) ?? null;
  } catch {
    // the migrations table itself may be what failed
  }
  const e = error instanceof Error ? (error as Error & { code?: unknown }) : null;
  return {
    message: `migration ${failed ?? '(unknown)'} failed`,
    details: {
      migration: failed,
      errorType: e?.constructor.name ?? typeof error,
      errorCode: typeof e?.code === 'string' ? e.code : null,
      error: (e?.message ?? String(error)).slice(0, 500),
    },
  };
}

async function recordMigrationRun(
  dataSource: DataSource,
  level: 'info' | 'error',
  entry: MigrationRunEntry,
): Promise<void> {
  try {
    const present = (await dataSource.query(
      `SELECT to_regclass('public.system_logs') IS NOT NULL AS present`,
    )) as Array<{ present: boolean }>;
    if (!present[0]?.present) return;
    await dataSource.query(
      `INSERT INTO system_logs (level, source, message, details) VALUES ($1, 'migration', $2, $3)`,
      [level, entry.message, JSON.stringify(entry.details)],
    );
  } catch {
    // a log entry is not worth failing (or hiding the cause of) a migration run
  }
}

/**
 * The data source the TypeORM CLI uses (`npm run migration:run`): the owner's
 * MIGRATION_DATABASE_URL, else DATABASE_URL.
 */
const cliUrl = process.env.MIGRATION_DATABASE_URL || process.env.DATABASE_URL;
export default new DataSource(
  migrationDataSourceOptions(cliUrl ?? 'postgres://localhost/opsledger'),
);
