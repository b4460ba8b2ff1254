// A throwaway PostgreSQL for one benchmark run, from the project's own compiled helper.
import { readParentPid } from './processes.mjs';
import { appendFileSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import pg from 'pg';

export const BENCH_DATABASE = 'opsledger_bench';

export function withDatabase(url, database) {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

/** The compiled `libs/persistence` helper (CommonJS), so the bench starts PostgreSQL exactly as the tests do. */
export function loadPersistenceHelper(repoRoot) {
  const helper = join(repoRoot, 'dist/libs/persistence/src/embedded-postgres.js');
  if (!existsSync(helper))
    throw new Error(`${helper} is missing: build first (npm run bench runs "nest build")`);
  return createRequire(import.meta.url)(helper);
}

/** BENCH_PG_STATEMENTS=1: pg_stat_statements counts statements, planning and execution time. */
const STATEMENT_SETTINGS = {
  shared_preload_libraries: 'pg_stat_statements',
  'pg_stat_statements.track': 'all',
  'pg_stat_statements.track_planning': 'on',
};

/**
 * What the database did between `reset()` and `read()` (every statement of the bench
 * database, whoever ran it: the server's requests and its background work alike).
 */
export function statementCounter(url) {
  const inDatabase = `dbid = (SELECT oid FROM pg_database WHERE datname = current_database())`;
  return {
    reset: () => withClient(url, (client) => client.query('SELECT pg_stat_statements_reset()')),
    read: () =>
      withClient(url, async (client) => {
        const { rows } = await client.query(
          `SELECT coalesce(sum(calls), 0)::float AS calls,
                  coalesce(sum(total_plan_time), 0)::float AS plan_ms,
                  coalesce(sum(total_exec_time), 0)::float AS exec_ms
             FROM pg_stat_statements WHERE ${inDatabase} AND query NOT LIKE '%pg_stat_statements%'`,
        );
        return rows[0];
      }),
  };
}

/** A statementCounter reading divided among `count` requests (or events): null when there are none. */
export function sqlPer(sql, count) {
  if (!sql || count <= 0) return null;
  return {
    statements: Math.round((sql.calls / count) * 100) / 100,
    planMs: Math.round((sql.plan_ms / count) * 1000) / 1000,
    execMs: Math.round((sql.exec_ms / count) * 1000) / 1000,
  };
}

/** The statements that took the most PostgreSQL time (planning and execution) since the last reset. */
export function costliestStatements(url, limit = 5) {
  return withClient(url, async (client) =>
    (
      await client.query(
        `SELECT calls::float AS calls, total_exec_time / calls AS exec_ms,
                total_plan_time / calls AS plan_ms,
                (shared_blks_hit + shared_blks_read)::float / calls AS blocks,
                left(regexp_replace(query, '\\s+', ' ', 'g'), 100) AS query
           FROM pg_stat_statements
          WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
            AND calls > 0 AND query NOT LIKE '%pg_stat_statements%'
          ORDER BY total_exec_time + total_plan_time DESC LIMIT $1`,
        [limit],
      )
    ).rows.map((r) => ({
      calls: r.calls,
      execMs: Math.round(r.exec_ms * 1000) / 1000,
      planMs: Math.round(r.plan_ms * 1000) / 1000,
      blocks: Math.round(r.blocks * 10) / 10,
      query: r.query,
    })),
  );
}

/**
 * Starts an embedded cluster in `dir` (durable settings: fsync and synchronous commit on)
 * and creates the bench database. Server messages go to `logFile`.
 */
export async function startDatabase({ repoRoot, dir, logFile, statements = false }) {
  const { startEmbeddedPostgres } = loadPersistenceHelper(repoRoot);
  let server;
  try {
    server = await startEmbeddedPostgres({
      dir,
      persistent: false,
      fast: false,
      log: (line) => appendFileSync(logFile, `${line}\n`),
      settings: statements ? STATEMENT_SETTINGS : undefined,
    });
  } catch (error) {
    // embedded-postgres rejects with nothing when the server process exits during start.
    throw new Error(`embedded PostgreSQL did not start: ${error?.message ?? 'the server exited'}`);
  }
  let postmasterPid;
  try {
    postmasterPid = await withClient(server.url, async (client) => {
      await client.query(`CREATE DATABASE ${BENCH_DATABASE}`);
      // read while the backend lives: it is gone soon after the client disconnects
      return readParentPid((await client.query('SELECT pg_backend_pid() AS pid')).rows[0].pid);
    });
  } catch (error) {
    await server.stop();
    throw error;
  }
  if (statements)
    await withClient(withDatabase(server.url, BENCH_DATABASE), (client) =>
      client.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements'),
    );
  return {
    /** The postmaster (its backends are its children): PostgreSQL's CPU per request. */
    pid: postmasterPid,
    serverUrl: server.url,
    url: withDatabase(server.url, BENCH_DATABASE),
    stop: () => server.stop(),
  };
}

export async function withClient(url, fn) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Rows in the ledger: compared before and after a write scenario to check that events were appended. */
export async function countEvents(url) {
  return withClient(url, async (client) =>
    Number((await client.query('SELECT count(*) AS n FROM event_store')).rows[0].n),
  );
}

/**
 * Same starting conditions for every scenario: dead rows from the previous one vacuumed,
 * statistics fresh, and a checkpoint done now rather than in the middle of a measurement.
 */
export async function settleDatabase(url) {
  await withClient(url, async (client) => {
    await client.query('VACUUM (ANALYZE)');
    await client.query('CHECKPOINT');
  });
}
