import { superuserClient } from '@opsledger/testing';
import { randomBytes } from 'node:crypto';
import { TestApp } from '../support/test-app';

export type Res = {
  statusCode: number;
  headers: Record<string, unknown>;
  body: string;
  json(): any;
};

/** Keys shaped like each provider's, generated per run so no key-like literal sits in the repository. */
export const sampleKey = {
  openai: () => `sk-${randomBytes(24).toString('base64url')}`,
  stripe: () => `sk_test_${randomBytes(18).toString('hex')}`,
  twilio: () => `SK${randomBytes(16).toString('hex')}`,
  sendgrid: () =>
    `SG.${randomBytes(16).toString('base64url')}.${randomBytes(32).toString('base64url')}`,
};

export const expectProblem = (res: Res, status: number, field?: string) => {
  expect(res.statusCode).toBe(status);
  expect(String(res.headers['content-type'])).toContain('application/problem+json');
  const body = res.json();
  expect(body.status).toBe(status);
  if (field) expect(body.errors.map((e: { field: string }) => e.field)).toContain(field);
  return body;
};

/** Rows and ledger events of this context, to prove a refused request wrote nothing. */
export async function accountsCounts(
  t: TestApp,
): Promise<{ keys: number; plans: number; events: number }> {
  const c = await superuserClient(t.db.url);
  try {
    const r =
      await c.query(`SELECT (SELECT count(*)::int FROM api_keys) AS keys, (SELECT count(*)::int FROM user_plans) AS plans,
      (SELECT count(*)::int FROM event_store WHERE stream_type IN ('api-key', 'user-plan')) AS events`);
    return r.rows[0];
  } finally {
    await c.end();
  }
}

export async function signedInUser(
  t: TestApp,
  admin: string,
): Promise<{ id: string; token: string }> {
  const user = await t.createUser(admin);
  return { id: user.id, token: (await t.login(user.email, user.password)).accessToken };
}

/**
 * Every row of every table, as text, that contains one of the needles (superuser, so row-level
 * security hides nothing). Skips api_keys' own encrypted columns only when asked to.
 */
export async function rowsContaining(t: TestApp, needles: string[]): Promise<string[]> {
  const c = await superuserClient(t.db.url);
  try {
    const tables = await c.query(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`,
    );
    const hits: string[] = [];
    for (const { table_name: table } of tables.rows as Array<{ table_name: string }>) {
      const rows = await c.query(`SELECT t::text AS row FROM "${table}" t`);
      for (const { row } of rows.rows as Array<{ row: string }>) {
        for (const needle of needles)
          if (row.includes(needle)) hits.push(`${table}: …${needle.slice(0, 6)}…`);
      }
    }
    return hits;
  } finally {
    await c.end();
  }
}
