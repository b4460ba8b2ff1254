import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { startEmbeddedPostgres } from '../libs/persistence/src/embedded-postgres';
import { runMigrations } from '../migrations/data-source';
import { TEMPLATE_DB, withDatabase } from '../libs/testing/src/test-database';

declare global {
  var __OPSLEDGER_PG_STOP__: (() => Promise<void>) | undefined;
}

/**
 * One PostgreSQL for the run: `TEST_DATABASE_URL` (a server whose superuser may create
 * databases) or an embedded, throwaway cluster. The template database is migrated once;
 * each test file clones it.
 */
export default async function globalSetup(): Promise<void> {
  let serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) {
    const dir = await mkdtemp(join(tmpdir(), 'opsledger-test-pg-'));
    const pg = await startEmbeddedPostgres({ dir, persistent: false, fast: true });
    serverUrl = pg.url;
    globalThis.__OPSLEDGER_PG_STOP__ = async () => {
      await pg.stop();
      await rm(dir, { recursive: true, force: true });
    };
  }
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${TEMPLATE_DB} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${TEMPLATE_DB}`);
  } finally {
    await admin.end();
  }
  await runMigrations(withDatabase(serverUrl, TEMPLATE_DB));
  process.env.OPSLEDGER_TEST_ADMIN_URL = serverUrl;
  process.env.NODE_ENV = 'test';
  if (!existsSync(process.env.CHROMIUM_PATH ?? '/usr/bin/chromium')) {
    process.stdout.write(
      '[opsledger] Chromium is not installed (apt-get install chromium, or CHROMIUM_PATH): the browser suites are NOT run.\n',
    );
  }
  if (process.env.TEST_REDIS_URL) {
    process.stdout.write(
      `\n[opsledger] TEST_REDIS_URL is set: the Redis contract suites (login throttle, onboarding progress cache and pub/sub notifier) run against ${new URL(process.env.TEST_REDIS_URL).host}.\n`,
    );
  } else {
    process.stdout.write(
      '\n[opsledger] TEST_REDIS_URL is not set: the Redis contract suites (login throttle, onboarding progress cache and pub/sub notifier) are NOT run (in-process adapters only).\n',
    );
  }
  if (!process.env.MONGODB_URI) {
    process.stdout.write(
      '\n[opsledger] MONGODB_URI is not set: the Mongoose document-store contract suite is NOT run (PostgreSQL adapter only).\n',
    );
  }
}
