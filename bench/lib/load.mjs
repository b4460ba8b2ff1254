// Load generation with autocannon's programmatic API. Every connection works on its own
// user, so concurrent PATCHes never race for one row and a 409 is a real defect.
import autocannon from 'autocannon';
import { setTimeout as sleep } from 'node:timers/promises';
import { readCpuSeconds, readMemory, readTreeCpuSeconds, sampleRss } from './processes.mjs';

/** Requests still in flight when autocannon stops are given this long to finish. */
const DRAIN_MS = 750;
/** A request unanswered after this many seconds counts as an error (timeout). */
const REQUEST_TIMEOUT_SECONDS = 10;

export const SCENARIOS = {
  get: {
    title: '(a) GET /api/v1/users/{id}',
    requestsFor: (userId, token) => [
      {
        method: 'GET',
        path: `/api/v1/users/${userId}`,
        headers: { authorization: `Bearer ${token}` },
      },
    ],
  },
  patch: {
    title: '(b) PATCH /api/v1/users/{id}',
    // Two bodies in turn, so that every request really changes the name and appends an event.
    requestsFor: (userId, token) =>
      ['A', 'B'].map((variant) => ({
        method: 'PATCH',
        path: `/api/v1/users/${userId}`,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ fullName: `Bench User ${userId.slice(0, 8)} ${variant}` }),
      })),
  },
};

function round(value, digits = 1) {
  return value === null || value === undefined ? null : Number(value.toFixed(digits));
}

function autocannonOptions({ scenario, baseUrl, token, userIds, connections, seconds }) {
  let next = 0;
  return {
    url: baseUrl,
    connections,
    duration: seconds,
    pipelining: 1,
    timeout: REQUEST_TIMEOUT_SECONDS,
    // Called once per connection: connection i drives user i.
    setupClient: (client) => client.setRequests(scenario.requestsFor(userIds[next++], token)),
  };
}

/**
 * Warm-up, then a measured run of `seconds` against one server process (`pid`). `countEvents`,
 * when given, is read before and after the measured run (write scenarios).
 */
export async function runScenario({
  kind,
  baseUrl,
  token,
  userIds,
  connections,
  seconds,
  warmupSeconds,
  pid,
  databasePid,
  countEvents,
  statements,
}) {
  const scenario = SCENARIOS[kind];
  if (userIds.length < connections) {
    throw new Error(
      `${kind}: ${connections} connections need as many users, got ${userIds.length}`,
    );
  }
  const options = (duration) =>
    autocannonOptions({ scenario, baseUrl, token, userIds, connections, seconds: duration });

  if (warmupSeconds > 0) {
    await autocannon(options(warmupSeconds));
    await sleep(DRAIN_MS);
  }

  const eventsBefore = countEvents ? await countEvents() : null;
  await statements?.reset();
  const cpuBefore = readCpuSeconds(pid);
  const dbCpuBefore = databasePid ? readTreeCpuSeconds(databasePid) : null;
  const rss = sampleRss(pid);
  const startedAt = performance.now();
  const result = await autocannon(options(seconds));
  const elapsedSeconds = (performance.now() - startedAt) / 1000;
  const cpuAfter = readCpuSeconds(pid);
  const dbCpuAfter = databasePid ? readTreeCpuSeconds(databasePid) : null;
  const rssUnderLoadMb = rss.stop();
  const sql = statements ? await statements.read() : null;
  await sleep(DRAIN_MS);
  const eventsAfter = countEvents ? await countEvents() : null;

  const statusCodes = Object.fromEntries(
    Object.entries(result.statusCodeStats).map(([code, { count }]) => [code, count]),
  );
  return {
    requestsPerSecond: round(result.requests.average),
    responses: result['1xx'] + result['2xx'] + result['3xx'] + result['4xx'] + result['5xx'],
    ok: result['2xx'],
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    statusCodes,
    latencyMs: {
      mean: round(result.latency.average, 2),
      p50: result.latency.p50,
      p90: result.latency.p90,
      p99: result.latency.p99,
      max: result.latency.max,
    },
    cpuPercent:
      cpuBefore === null || cpuAfter === null
        ? null
        : round(((cpuAfter - cpuBefore) / elapsedSeconds) * 100),
    // CPU per answered request: unlike requests per second, it hardly moves when other work
    // shares the machine, so it is the figure to compare between runs on a busy host.
    cpuMsPerRequest:
      cpuBefore === null || cpuAfter === null || result.requests.total === 0
        ? null
        : round(((cpuAfter - cpuBefore) * 1000) / result.requests.total, 2),
    databaseCpuMsPerRequest:
      dbCpuBefore === null || dbCpuAfter === null || result.requests.total === 0
        ? null
        : round(((dbCpuAfter - dbCpuBefore) * 1000) / result.requests.total, 2),
    // BENCH_PG_STATEMENTS=1: statements, planning and execution milliseconds per answered request.
    sqlPerRequest:
      sql === null || result.requests.total === 0
        ? null
        : {
            statements: round(sql.calls / result.requests.total, 2),
            planMs: round(sql.plan_ms / result.requests.total, 3),
            execMs: round(sql.exec_ms / result.requests.total, 3),
          },
    rssUnderLoadMb: round(rssUnderLoadMb),
    peakRssMb: round(readMemory(pid).peakRssMb),
    eventsAppended: eventsBefore === null ? null : eventsAfter - eventsBefore,
  };
}

function median(values) {
  const known = values.filter((v) => v !== null && v !== undefined).sort((a, b) => a - b);
  if (known.length === 0) return null;
  const middle = Math.floor(known.length / 2);
  return known.length % 2 === 1 ? known[middle] : (known[middle - 1] + known[middle]) / 2;
}

function sum(values) {
  return values.some((v) => v === null || v === undefined)
    ? null
    : values.reduce((a, b) => a + b, 0);
}

/**
 * The rounds of one scenario on one server as one measurement: the median of each rate,
 * latency and CPU figure (the "three repetitions (median)"), the sums of the counts
 * (a failure in any round shows), the largest memory figures; each round's own figures are kept
 * under `rounds`.
 */
export function combineRounds(runs) {
  if (runs.length === 1) return { ...runs[0], rounds: [roundSummary(runs[0])] };
  const medianOf = (read) => median(runs.map(read));
  const statusCodes = {};
  for (const run of runs)
    for (const [code, count] of Object.entries(run.statusCodes))
      statusCodes[code] = (statusCodes[code] ?? 0) + count;
  const sqls = runs.map((r) => r.sqlPerRequest);
  return {
    requestsPerSecond: medianOf((r) => r.requestsPerSecond),
    responses: sum(runs.map((r) => r.responses)),
    ok: sum(runs.map((r) => r.ok)),
    non2xx: sum(runs.map((r) => r.non2xx)),
    errors: sum(runs.map((r) => r.errors)),
    timeouts: sum(runs.map((r) => r.timeouts)),
    statusCodes,
    latencyMs: Object.fromEntries(
      Object.keys(runs[0].latencyMs).map((key) => [key, medianOf((r) => r.latencyMs[key])]),
    ),
    cpuPercent: medianOf((r) => r.cpuPercent),
    cpuMsPerRequest: medianOf((r) => r.cpuMsPerRequest),
    databaseCpuMsPerRequest: medianOf((r) => r.databaseCpuMsPerRequest),
    sqlPerRequest: sqls.some((s) => s === null)
      ? null
      : {
          statements: median(sqls.map((s) => s.statements)),
          planMs: median(sqls.map((s) => s.planMs)),
          execMs: median(sqls.map((s) => s.execMs)),
        },
    rssUnderLoadMb: Math.max(...runs.map((r) => r.rssUnderLoadMb ?? 0)),
    peakRssMb: Math.max(...runs.map((r) => r.peakRssMb ?? 0)),
    eventsAppended: sum(runs.map((r) => r.eventsAppended)),
    rounds: runs.map(roundSummary),
  };
}

function roundSummary(run) {
  return {
    requestsPerSecond: run.requestsPerSecond,
    p50: run.latencyMs.p50,
    p99: run.latencyMs.p99,
    cpuMsPerRequest: run.cpuMsPerRequest,
    databaseCpuMsPerRequest: run.databaseCpuMsPerRequest,
  };
}

/**
 * An autocannon run that also records every response's time, for the percentiles autocannon's
 * summary lacks (it has p90 and p97.5, not p95). Answers autocannon's result and `percentile(q)`
 * (whole milliseconds, null when nothing answered).
 */
export async function autocannonWithTimes(options) {
  const times = [];
  const run = autocannon(options);
  run.on('response', (_client, _status, _bytes, ms) => times.push(ms));
  const result = await run;
  times.sort((a, b) => a - b);
  return {
    result,
    percentile: (q) =>
      times.length
        ? Math.round(times[Math.min(times.length - 1, Math.floor(times.length * q))])
        : null,
  };
}
