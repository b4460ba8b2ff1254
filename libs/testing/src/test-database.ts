import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

export const TEMPLATE_DB = 'opsledger_test_template';
const TEST_DB_PATTERN = /^opsledger_test_[a-z0-9_]+$/;

function adminUrl(): string {
  const url = process.env.OPSLEDGER_TEST_ADMIN_URL;
  if (!url)
    throw new Error(
      'OPSLEDGER_TEST_ADMIN_URL is not set: run tests through jest (test/global-setup.ts)',
    );
  return url;
}

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

/** Refuses any database that is not one of ours: tests never touch a real database. */
export function assertTestDatabase(url: string): void {
  const name = new URL(url).pathname.slice(1);
  if (!TEST_DB_PATTERN.test(name))
    throw new Error(`Refusing to run tests against "${name}": not a test database`);
}

export interface TestDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

/** A fresh database cloned from the migrated template; each test file gets its own. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `opsledger_test_${randomBytes(6).toString('hex')}`;
  const admin = new Client({ connectionString: adminUrl() });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name} TEMPLATE ${TEMPLATE_DB}`);
  } finally {
    await admin.end();
  }
  const url = withDatabase(adminUrl(), name);
  assertTestDatabase(url);
  return {
    url,
    name,
    drop: async () => {
      const c = new Client({ connectionString: adminUrl() });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}

/** A superuser client on a test database, for assertions and tampering the app cannot do. */
export async function superuserClient(url: string): Promise<Client> {
  assertTestDatabase(url);
  const client = new Client({ connectionString: url });
  await client.connect();
  return client;
}
