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

export async function runMigrations(url: string): Promise<string[]> {
  const dataSource = new DataSource(migrationDataSourceOptions(url));
  await dataSource.initialize();
  try {
    const ran = await dataSource.runMigrations({ transaction: 'each' });
    return ran.map((m) => m.name);
  } finally {
    await dataSource.destroy();
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
