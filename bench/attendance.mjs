// npm run bench:attendance: check-in/location events (issue 16) through the service, each
// committed with its session_events row, its ledger entry and a signed receipt, on embedded
// PostgreSQL. One contact, one open session and one connection each, so no two requests
// contend for a row. See docs/attendance.md and docs/performance.md.
//
// Two measurements: the capacity (autocannon, every connection sending its next request as soon
// as the last is answered: events per second at saturation, and the latency of a saturated
// server), then each rate of BENCH_ATTENDANCE_RATES held for BENCH_SECONDS by the same clients
// on a schedule (bench/lib/paced.mjs: latency from when each request was due) for
// BENCH_SUSTAINED_SECONDS (60: long enough to hold a seal of the ledger, which the service
// makes every minute, so its work is in the percentiles as in production). The issue's
// "500 events per second sustained at 50 clients with p99 under 100 ms" is the second: the p99
// target reads the 500/s run (docs/decisions.md, "Attendance: p99 at a sustained rate").
//
// Settings (environment): BENCH_SECONDS (10, the capacity run), BENCH_SUSTAINED_SECONDS (60),
// BENCH_LEAD_IN_SECONDS (10: each rate held that long before it is measured),
// BENCH_WARMUP_SECONDS (3), BENCH_CONNECTIONS (50),
// BENCH_ATTENDANCE_RATES (500,1000: events per second; empty for none),
// BENCH_SERVICE_ENTRY (dist/src/main.js), BENCH_STRICT=1 (exit 3 when a target is missed),
// BENCH_KEEP_TEMP=1 (keep logs and keys), BENCH_PG_STATEMENTS=1 (pg_stat_statements during the
// capacity run: statements, planning and execution per event, and the costliest statements),
// BENCH_SERVICE_NODE_ARGS (more node options for the service, e.g. --cpu-prof).
import autocannon from 'autocannon';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import { call, createUser, login } from './lib/api.mjs';
import {
  costliestStatements,
  loadPersistenceHelper,
  settleDatabase,
  sqlPer,
  startDatabase,
  statementCounter,
  withClient,
} from './lib/database.mjs';
import { vaultKeys, writeDataKeys, writeSigningKeys } from './lib/keys.mjs';
import {
  readCpuSeconds,
  readTreeCpuSeconds,
  startNodeProcess,
  stopProcess,
  tail,
  waitUntilReady,
} from './lib/processes.mjs';
import { pacedLoad } from './lib/paced.mjs';
import { writeResults } from './lib/report.mjs';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const RESULTS_FILE = join(REPO_ROOT, 'bench', 'results', 'attendance-latest.json');
const TARGETS = { eventsPerSecond: 500, p99Ms: 100 };
const INHERITED_ENV = ['PATH', 'HOME', 'TMPDIR', 'TZ', 'LANG', 'LC_ALL'];
const CENTRE = { lat: 37.7946, lng: -122.3951 };

const progress = (message) => process.stderr.write(`[bench:attendance] ${message}\n`);
const setting = (name, fallback, min) => {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < min)
    throw new Error(`${name} must be a number >= ${min}, not "${raw}"`);
  return value;
};
const childEnv = (extra) => {
  const env = {};
  for (const name of INHERITED_ENV)
    if (process.env[name] !== undefined) env[name] = process.env[name];
  return { ...env, ...extra };
};
const expect = (what, response, status) => {
  if (response.status !== status)
    throw new Error(
      `${what}: expected ${status}, got ${response.status}: ${response.text.slice(0, 300)}`,
    );
  return response.json;
};
/** Milliseconds of CPU per event, the service's and PostgreSQL's (postmaster and backends). */
const cpuPerEvent = ([service, database], [serviceAfter, databaseAfter], events) => {
  const per = (a, b) =>
    a === null || b === null || events === 0 ? null : Math.round(((b - a) / events) * 1e5) / 100;
  return { service: per(service, serviceAfter), database: per(database, databaseAfter) };
};
const countRows = (url) =>
  withClient(url, async (c) => {
    const { rows } = await c.query(
      `SELECT (SELECT count(*)::int FROM session_events) AS events,
              (SELECT count(*)::int FROM event_store WHERE event_type = 'attendance.session.event-recorded.v1') AS ledger`,
    );
    return rows[0];
  });

async function main() {
  const settings = {
    seconds: setting('BENCH_SECONDS', 10, 1),
    sustainedSeconds: setting('BENCH_SUSTAINED_SECONDS', 60, 1),
    leadInSeconds: setting('BENCH_LEAD_IN_SECONDS', 10, 0),
    warmupSeconds: setting('BENCH_WARMUP_SECONDS', 3, 0),
    connections: Math.floor(setting('BENCH_CONNECTIONS', 50, 1)),
    serviceEntry: resolve(REPO_ROOT, process.env.BENCH_SERVICE_ENTRY || 'dist/src/main.js'),
    pgStatements: process.env.BENCH_PG_STATEMENTS === '1',
    rates: (process.env.BENCH_ATTENDANCE_RATES ?? '500,1000')
      .split(',')
      .filter((r) => r.trim() !== '')
      .map((r) => {
        const rate = Number(r);
        if (!Number.isFinite(rate) || rate < 1)
          throw new Error(`BENCH_ATTENDANCE_RATES: "${r}" is not a rate (events per second)`);
        return rate;
      }),
  };
  const work = mkdtempSync(join(os.tmpdir(), 'opsledger-bench-att-'));
  const pgDir = mkdtempSync(join(os.tmpdir(), 'opsledger-bench-att-pg-'));
  mkdirSync(join(work, 'logs'));
  const cleanup = [];
  process.on('exit', () => {
    rmSync(pgDir, { recursive: true, force: true });
    if (process.env.BENCH_KEEP_TEMP !== '1') rmSync(work, { recursive: true, force: true });
  });
  let service;
  try {
    const { freePort } = loadPersistenceHelper(REPO_ROOT);
    progress('starting embedded PostgreSQL');
    const db = await startDatabase({
      repoRoot: REPO_ROOT,
      dir: pgDir,
      logFile: join(work, 'logs', 'postgres.log'),
      statements: settings.pgStatements,
    });
    cleanup.push(db.stop);
    const statements = settings.pgStatements ? statementCounter(db.url) : null;
    const keysFile = join(work, 'signing-keys.json');
    await writeSigningKeys(keysFile);
    const dataKeysFile = join(work, 'data-keys.json');
    await writeDataKeys(dataKeysFile);
    const vaultKeyRing = vaultKeys();
    const admin = {
      email: 'bench-admin@example.com',
      password: randomBytes(18).toString('base64url'),
    };
    const port = await freePort();
    const baseUrl = `http://127.0.0.1:${port}`;
    progress(`starting the service on ${baseUrl}`);
    service = startNodeProcess({
      name: 'service',
      script: settings.serviceEntry,
      nodeArgs: [
        '--max-semi-space-size=16',
        '--max-old-space-size=224',
        ...(process.env.BENCH_SERVICE_NODE_ARGS ?? '').split(/\s+/).filter(Boolean),
      ],
      cwd: REPO_ROOT,
      logFile: join(work, 'logs', 'service.log'),
      env: childEnv({
        NODE_ENV: 'production',
        // As npm start and the Docker image: freed password-hashing buffers leave the process.
        MALLOC_MMAP_THRESHOLD_: '131072',
        HOST: '127.0.0.1',
        PORT: String(port),
        DATABASE_URL: db.url,
        MIGRATE_ON_BOOT: 'true',
        BOOTSTRAP_ADMIN_EMAIL: admin.email,
        BOOTSTRAP_ADMIN_PASSWORD: admin.password,
        SIGNING_KEYS_FILE: keysFile,
        DATA_KEYS_FILE: dataKeysFile,
        VAULT_KEYS: vaultKeyRing,
        LOG_LEVEL: 'warn',
        DATA_DIR: join(work, 'data'),
        ACCESS_TOKEN_TTL_SECONDS: '3600',
      }),
    });
    await waitUntilReady(service, `${baseUrl}/health/ready`, 120_000);
    const { token: adminToken } = await login(baseUrl, admin.email, admin.password);

    // a tenant with a coordinator and one contact user per connection
    const tenantId = randomUUID();
    const password = randomBytes(18).toString('base64url');
    const runId = randomBytes(3).toString('hex');
    progress(`creating ${settings.connections + 1} users, contacts and open sessions`);
    const users = [];
    for (let i = 0; i <= settings.connections; i++)
      users.push(
        await createUser(baseUrl, adminToken, {
          email: `att-${runId}-${i}@example.com`,
          password,
          fullName: `Attendee ${i}`,
        }),
      );
    await withClient(db.url, async (c) => {
      await c.query(`INSERT INTO tenants (id, name, slug) VALUES ($1, 'Bench', $2)`, [
        tenantId,
        `bench-${runId}`,
      ]);
      for (const [i, id] of users.entries())
        await c.query(
          `INSERT INTO user_tenants (id, user_id, tenant_id, role) VALUES ($1, $2, $3, $4)`,
          [randomUUID(), id, tenantId, i === 0 ? 'coordinator' : 'member'],
        );
    });
    const tokenOf = async (i) =>
      expect(
        'login',
        await call(baseUrl, 'POST', '/api/v1/auth/login', {
          body: { login: `att-${runId}-${i}@example.com`, password, tenantId },
        }),
        200,
      ).accessToken;
    const coordinator = await tokenOf(0);
    const meeting = expect(
      'POST /meetings',
      await call(baseUrl, 'POST', '/api/v1/meetings', {
        token: coordinator,
        body: { name: 'Bench meeting', address: '1 Market Street', ...CENTRE, radiusMeters: 150 },
      }),
      201,
    );
    const clients = [];
    for (let i = 1; i <= settings.connections; i++) {
      const contact = expect(
        'POST /contacts',
        await call(baseUrl, 'POST', '/api/v1/contacts', {
          token: coordinator,
          body: { email: `contact-${runId}-${i}@example.com`, userId: users[i] },
        }),
        201,
      );
      const token = await tokenOf(i);
      expect(
        'consent',
        await call(baseUrl, 'POST', `/api/v1/contacts/${contact.id}/consent`, { token }),
        200,
      );
      const session = expect(
        'POST /sessions',
        await call(baseUrl, 'POST', '/api/v1/sessions', { token, body: { meetingId: meeting.id } }),
        201,
      );
      expect(
        'check-in',
        await call(baseUrl, 'POST', `/api/v1/sessions/${session.id}/check-in`, {
          token,
          body: {
            ...CENTRE,
            accuracy: 10,
            tsClient: new Date().toISOString(),
            qrCode: meeting.qrCode,
          },
        }),
        200,
      );
      clients.push({ token, sessionId: session.id });
    }

    const locationBody = () =>
      JSON.stringify({
        lat: CENTRE.lat + (Math.random() - 0.5) * 0.004,
        lng: CENTRE.lng,
        accuracy: 10,
        tsClient: new Date().toISOString(),
      });
    let next = 0;
    const options = (duration) => ({
      url: baseUrl,
      connections: settings.connections,
      duration,
      pipelining: 1,
      timeout: 10,
      setupClient: (client) => {
        const { token, sessionId } = clients[next++ % clients.length];
        client.setRequests([
          {
            method: 'POST',
            path: `/api/v1/sessions/${sessionId}/locations`,
            headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
            setupRequest: (request) => ({ ...request, body: locationBody() }),
          },
        ]);
      },
    });
    await settleDatabase(db.url);
    if (settings.warmupSeconds > 0) {
      progress(`warm-up ${settings.warmupSeconds} s`);
      next = 0;
      await autocannon(options(settings.warmupSeconds));
    }
    await statements?.reset();
    const before = await countRows(db.url);
    const cpuBefore = readCpuSeconds(service.pid);
    const dbCpuBefore = readTreeCpuSeconds(db.pid);
    progress(`measuring ${settings.seconds} s at ${settings.connections} connections`);
    next = 0;
    const started = performance.now();
    const result = await autocannon(options(settings.seconds));
    const elapsed = (performance.now() - started) / 1000;
    const cpuAfter = readCpuSeconds(service.pid);
    const dbCpuAfter = readTreeCpuSeconds(db.pid);
    await new Promise((r) => setTimeout(r, 750));
    const after = await countRows(db.url);
    const events = after.events - before.events;
    // the capacity run's statements (the rows counted above excluded: read before the reset)
    const sql = statements ? await statements.read() : null;
    const costliest = statements ? await costliestStatements(db.url, 8) : undefined;

    // each rate held on a schedule by the same clients (one connection each)
    const sustained = [];
    const paced = (rate, seconds) =>
      pacedLoad({
        baseUrl,
        rate,
        seconds,
        clients: clients.length,
        request: (i) => ({
          method: 'POST',
          path: `/api/v1/sessions/${clients[i].sessionId}/locations`,
          headers: {
            authorization: `Bearer ${clients[i].token}`,
            'content-type': 'application/json',
          },
          body: locationBody(),
        }),
      });
    for (const rate of settings.rates) {
      await settleDatabase(db.url);
      // the rate reached before it is measured: the settle's CHECKPOINT makes every first
      // write to a page log the whole page, and the capacity run leaves work behind
      if (settings.leadInSeconds > 0) {
        progress(`leading in at ${rate} events/s for ${settings.leadInSeconds} s (not measured)`);
        await paced(rate, settings.leadInSeconds);
      }
      const start = await countRows(db.url);
      const cpu = [readCpuSeconds(service.pid), readTreeCpuSeconds(db.pid)];
      progress(
        `holding ${rate} events/s for ${settings.sustainedSeconds} s from ${clients.length} clients`,
      );
      const run = await paced(rate, settings.sustainedSeconds);
      const cpuEnd = [readCpuSeconds(service.pid), readTreeCpuSeconds(db.pid)];
      await new Promise((r) => setTimeout(r, 750));
      const end = await countRows(db.url);
      sustained.push({
        ...run,
        cpuMsPerEvent: cpuPerEvent(cpu, cpuEnd, run.requests),
        sessionEventsInserted: end.events - start.events,
        ledgerEventsAppended: end.ledger - start.ledger,
      });
    }
    const results = {
      generatedAt: new Date().toISOString(),
      environment: {
        node: process.version,
        cpus: os.cpus().length,
        cpuModel: os.cpus()[0]?.model.trim(),
      },
      settings,
      scenario:
        'POST /api/v1/sessions/{id}/locations (row + ledger event + signed receipt per request)',
      requestsPerSecond: Math.round(result.requests.average),
      ok: result['2xx'],
      non2xx: result.non2xx,
      errors: result.errors,
      timeouts: result.timeouts,
      latencyMs: {
        p50: result.latency.p50,
        p90: result.latency.p90,
        p99: result.latency.p99,
        max: result.latency.max,
      },
      eventsCommittedPerSecond: Math.round(events / elapsed),
      ledgerEventsAppended: after.ledger - before.ledger,
      sessionEventsInserted: events,
      cpuMsPerEvent: cpuPerEvent([cpuBefore, dbCpuBefore], [cpuAfter, dbCpuAfter], events),
      ...(sqlPer(sql, events) ? { sqlPerEvent: sqlPer(sql, events), costliest } : {}),
      sustained,
      serviceCpuPercent:
        cpuBefore === null || cpuAfter === null
          ? null
          : Math.round(((cpuAfter - cpuBefore) / elapsed) * 100),
      targets: TARGETS,
    };
    // the p99 target: at the target rate held (or the highest rate held below it)
    const atTarget = sustained.find((r) => r.rateAsked === TARGETS.eventsPerSecond);
    results.met = {
      eventsPerSecond: results.eventsCommittedPerSecond >= TARGETS.eventsPerSecond,
      p99: atTarget
        ? atTarget.latencyMs.p99 < TARGETS.p99Ms &&
          atTarget.requestsPerSecond >= 0.98 * atTarget.rateAsked
        : results.latencyMs.p99 < TARGETS.p99Ms,
      everyEventInTheLedger:
        results.ledgerEventsAppended === results.sessionEventsInserted &&
        sustained.every((r) => r.ledgerEventsAppended === r.sessionEventsInserted),
      noErrors:
        results.non2xx === 0 &&
        results.errors === 0 &&
        sustained.every((r) => r.non2xx === 0 && r.errors === 0),
    };
    await writeResults(RESULTS_FILE, results);
    process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
    return process.env.BENCH_STRICT === '1' && Object.values(results.met).includes(false) ? 3 : 0;
  } catch (error) {
    progress(`failed: ${error?.stack ?? error}`);
    if (service) progress(`service log:\n${tail(join(work, 'logs', 'service.log'))}`);
    return 1;
  } finally {
    if (service) await stopProcess(service);
    for (const step of cleanup.reverse()) await step().catch(() => undefined);
  }
}

process.exitCode = await main();
