#!/usr/bin/env node
// Fault injection against the built service (issue 10), on its own embedded PostgreSQL:
//   1. SIGKILL of the service during writes with Idempotency-Keys, restart, retry every key;
//   2. SIGKILL of PostgreSQL during writes (only 503s while it is away), restart, retry;
//   3. PostgreSQL frozen with SIGSTOP (only 503s, /health/ready within 2 s), then SIGCONT;
//   4. a session holding a transaction id, then released: trail and seals catch up;
//   5. a superuser rewriting an event: /audit/verify reports it.
// Prints one line per promise and exits 1 when one failed. Needs `npm run build` first.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/** The run's report goes to standard output, one line per call. */
const say = (line) => process.stdout.write(`${line}\n`);

const root = resolve(import.meta.dirname, '../..');
const dist = (p) => join(root, 'dist', p);
if (!existsSync(dist('src/main.js'))) {
  console.error('test:faults: dist/ is missing, run `npm run build` first');
  process.exit(1);
}
const require = (await import('node:module')).createRequire(import.meta.url);
const { startEmbeddedPostgres, ensureServiceLogin } = require(
  dist('libs/persistence/src/index.js'),
);
const { runMigrations } = require(dist('migrations/data-source.js'));
const { Client } = require('pg');

const results = [];
const check = (name, ok, detail = '') => {
  results.push({ name, ok, detail });
  say(`${ok ? 'PASS' : 'FAIL'}  ${name}${detail ? `  (${detail})` : ''}`);
};
const started = Date.now();
const work = await mkdtemp(join(tmpdir(), 'opsledger-faults-'));

// ---- PostgreSQL, behind a proxy on a fixed port (a restarted server gets a new one) ----------
let pg;
let pgPort;
const sockets = new Set();
const proxy = createServer((client) => {
  const upstream = connect(pgPort, '127.0.0.1');
  for (const s of [client, upstream]) {
    sockets.add(s);
    s.on('error', () => undefined);
    s.on('close', () => {
      sockets.delete(s);
      client.destroy();
      upstream.destroy();
    });
  }
  client.pipe(upstream);
  upstream.pipe(client);
});
await new Promise((r) => proxy.listen(0, '127.0.0.1', r));
const proxyPort = proxy.address().port;

async function startPostgres() {
  pg = await startEmbeddedPostgres({ dir: join(work, 'postgres'), persistent: true, fast: false });
  pgPort = Number(new URL(pg.url).port);
}
const postmasterPid = () =>
  Number(readFileSync(join(pg.clusterDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
/** The postmaster and its children, from /proc (no `ps` needed). */
const serverPids = () => {
  const pid = postmasterPid();
  const children = readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .filter((d) => {
      try {
        // pid (comm) state ppid …: comm may hold spaces, so read after its closing parenthesis
        const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
        return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid;
      } catch {
        return false;
      }
    })
    .map(Number);
  return [pid, ...children];
};
const signalPostgres = (signal) => {
  for (const pid of serverPids()) {
    try {
      process.kill(pid, signal);
    } catch {
      /* gone already */
    }
  }
};

await startPostgres();
const ownerUrl = (() => {
  const u = new URL(pg.url);
  u.port = String(proxyPort);
  u.pathname = '/opsledger';
  return u.toString();
})();
{
  const c = new Client({ connectionString: pg.url });
  await c.connect();
  await c.query('CREATE DATABASE opsledger');
  await c.end();
}
await runMigrations(ownerUrl);
const serviceUrl = await ensureServiceLogin(ownerUrl, randomBytes(18).toString('hex'));
const su = async () => {
  const c = new Client({ connectionString: ownerUrl });
  await c.connect();
  return c;
};

// ---- the service ----------------------------------------------------------------------------
const port = await new Promise((r) => {
  const s = createServer().listen(0, '127.0.0.1', () => {
    const p = s.address().port;
    s.close(() => r(p));
  });
});
const base = `http://127.0.0.1:${port}`;
const ADMIN = { email: 'faults@opsledger.test', password: 'fault-injection-admin-pw' };
const METRICS_TOKEN = randomBytes(16).toString('hex');
let service;
const unhandled = [];
function startService() {
  service = spawn(process.execPath, [dist('src/main.js')], {
    cwd: work,
    env: {
      ...process.env,
      NODE_ENV: 'development',
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: join(work, 'data'),
      DATABASE_URL: serviceUrl,
      BOOTSTRAP_ADMIN_EMAIL: ADMIN.email,
      BOOTSTRAP_ADMIN_PASSWORD: ADMIN.password,
      METRICS_TOKEN,
      LOG_LEVEL: 'error',
      DB_CONNECT_TIMEOUT_MS: '1000',
      DB_STATEMENT_TIMEOUT_MS: '2000',
      DB_LOCK_TIMEOUT_MS: '2000',
      SEAL_INTERVAL_SECONDS: '1',
      PROJECTION_POLL_MS: '200',
      LEDGER_WITNESS_FLUSH_MS: '100',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  // Unexpected errors (500s) are kept to explain a failed promise.
  service.stdout.on('data', (chunk) => {
    for (const line of chunk.toString('utf8').split('\n'))
      if (line.includes('unhandled error')) unhandled.push(line.slice(0, 2000));
  });
}
const http = async (method, path, { token, body, headers = {}, timeoutMs = 15000 } = {}) => {
  const t0 = Date.now();
  try {
    const res = await fetch(base + path, {
      method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await res.text();
    let json;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return {
      status: res.status,
      json,
      ms: Date.now() - t0,
      retryAfter: res.headers.get('retry-after'),
    };
  } catch (error) {
    return {
      status: 0,
      error: String(error?.cause?.code ?? error?.name ?? error),
      ms: Date.now() - t0,
    };
  }
};
async function untilReady(limitMs = 60000) {
  const end = Date.now() + limitMs;
  while (Date.now() < end) {
    if ((await http('GET', '/health/ready', { timeoutMs: 3000 })).status === 200) return true;
    await sleep(200);
  }
  return false;
}
const login = async () =>
  (
    await http('POST', '/api/v1/auth/login', {
      body: { login: ADMIN.email, password: ADMIN.password },
    })
  ).json?.accessToken;

/**
 * POSTs users with keys, one every 50 ms, and strikes with `fault` once three are
 * acknowledged: some writes are then done, some in flight, some refused. Returns every
 * attempt's key, body and first answer.
 */
async function writesUntil(token, prefix, fault) {
  const writes = [];
  let acknowledged = 0;
  let stop = false;
  const launcher = (async () => {
    for (let i = 0; i < 60 && !stop; i++) {
      const key = `${prefix}-${i}-${randomBytes(4).toString('hex')}`;
      const body = { email: `${key}@faults.opsledger.test`, password: 'a-long-enough-password' };
      const answer = http('POST', '/api/v1/users', {
        token,
        body,
        headers: { 'idempotency-key': key },
      });
      void answer.then((a) => (acknowledged += a.status === 201 ? 1 : 0));
      writes.push({ key, body, answer });
      await sleep(50);
    }
  })();
  const deadline = Date.now() + 20000;
  while (acknowledged < 3 && Date.now() < deadline) await sleep(10);
  await fault();
  await sleep(200);
  stop = true;
  await launcher;
  return writes;
}
/** Retries every key until it answers 201 (or 30 s pass); checks acknowledged ids and counts. */
async function retryAll(token, writes, label) {
  let lost = 0;
  let stuck = 0;
  let duplicated = 0;
  for (const w of writes) {
    const first = await w.answer;
    let final;
    const end = Date.now() + 30000;
    while (Date.now() < end) {
      final = await http('POST', '/api/v1/users', {
        token,
        body: w.body,
        headers: { 'idempotency-key': w.key },
      });
      if (final.status === 201) break;
      await sleep(250);
    }
    if (final?.status !== 201) stuck += 1;
    else if (first.status === 201 && final.json?.id !== first.json?.id) lost += 1;
    const c = await su();
    const n = (
      await c.query('SELECT count(*)::int AS n FROM users WHERE email = $1', [w.body.email])
    ).rows[0].n;
    await c.end();
    if (n !== 1) duplicated += 1;
  }
  const firsts = await Promise.all(writes.map((w) => w.answer));
  const acknowledged = firsts.filter((a) => a.status === 201).length;
  const cut = firsts.filter((a) => a.status !== 201).map((a) => a.status || a.error);
  check(
    `${label}: no acknowledged write lost`,
    lost === 0,
    `${acknowledged}/${writes.length} acknowledged before the fault (others: ${[...new Set(cut)].join(',') || '-'}), ${lost} lost`,
  );
  check(
    `${label}: no stuck retry, each write exactly once`,
    stuck === 0 && duplicated === 0,
    `${stuck} stuck, ${duplicated} not exactly once`,
  );
}

try {
  startService();
  check('service starts on its own embedded PostgreSQL', await untilReady());
  let token = await login();

  // 1. the service killed during writes
  {
    const writes = await writesUntil(token, 'svc-kill', async () => {
      service.kill('SIGKILL');
      await new Promise((r) => service.once('exit', r));
    });
    startService();
    await untilReady();
    token = await login();
    await retryAll(token, writes, 'service SIGKILL');
  }

  // 2. PostgreSQL killed during writes
  {
    const writes = await writesUntil(token, 'pg-kill', async () => signalPostgres('SIGKILL'));
    await sleep(300);
    const during = await Promise.all([
      http('GET', '/api/v1/users', { token }),
      http('POST', '/api/v1/users', {
        token,
        body: { email: 'away@faults.opsledger.test', password: 'a-long-enough-password' },
      }),
      http('GET', '/health/ready'),
    ]);
    const answers = [...(await Promise.all(writes.map((w) => w.answer))), ...during].filter(
      (a) => a.status >= 500,
    );
    const bad = answers.filter((a) => a.status !== 503 || (!a.retryAfter && a !== during[2]));
    check(
      'PostgreSQL SIGKILL: only 503 (with Retry-After) while it is away',
      bad.length === 0 && during.every((a) => a.status === 503),
      `statuses ${[...new Set([...answers, ...during].map((a) => a.status))].join(',')}`,
    );
    for (const s of sockets) s.destroy();
    await startPostgres();
    check('PostgreSQL restarted: the service is ready again', await untilReady());
    await retryAll(token, writes, 'PostgreSQL SIGKILL');
  }

  // 3. PostgreSQL frozen
  {
    signalPostgres('SIGSTOP');
    let answers;
    try {
      answers = await Promise.all([
        http('GET', '/health/ready', { timeoutMs: 10000 }),
        http('GET', '/api/v1/users', { token, timeoutMs: 10000 }),
        http('POST', '/api/v1/users', {
          token,
          body: { email: 'frozen@faults.opsledger.test', password: 'a-long-enough-password' },
          timeoutMs: 10000,
        }),
      ]);
    } finally {
      signalPostgres('SIGCONT');
    }
    const [ready, ...api] = answers;
    check(
      'PostgreSQL SIGSTOP: readiness answers within 2 s, not ready',
      ready.status === 503 && ready.ms < 2000,
      `${ready.status} in ${ready.ms} ms`,
    );
    check(
      'PostgreSQL SIGSTOP: API answers 503 with Retry-After',
      api.every((a) => a.status === 503 && a.retryAfter),
      api.map((a) => `${a.status} in ${a.ms} ms`).join(', '),
    );
    check('PostgreSQL SIGCONT: ready again', await untilReady(20000));
  }

  // 4. a held transaction id
  {
    const holder = await su();
    await holder.query('BEGIN');
    await holder.query('SELECT pg_current_xact_id()');
    const res = await http('POST', '/api/v1/users', {
      token,
      body: { email: 'held@faults.opsledger.test', password: 'a-long-enough-password' },
    });
    await sleep(1500);
    await holder.query('ROLLBACK');
    await holder.end();
    let seal = -1;
    let trail = -1;
    const end = Date.now() + 20000;
    while (Date.now() < end) {
      const metrics = await fetch(`${base}/metrics`, {
        headers: { authorization: `Bearer ${METRICS_TOKEN}` },
      }).then((r) => r.text());
      const gauge = (pattern) => {
        const m = metrics.match(pattern);
        return m ? Number(m[1]) : -1;
      };
      seal = gauge(/^opsledger_seal_lag_events(?:\{[^}]*\})? (\d+)/m);
      trail = gauge(
        /^opsledger_projection_lag_events\{[^}]*projection="audit_trail"[^}]*\} (\d+)/m,
      );
      if (seal === 0 && trail === 0) break;
      await sleep(500);
    }
    check(
      'held transaction id released: trail and seals catch up',
      res.status === 201 && seal === 0 && trail === 0,
      `seal lag ${seal}, audit trail lag ${trail} events`,
    );
  }

  // 5. tampering as superuser
  {
    const c = await su();
    await c.query('SET session_replication_role = replica');
    const { rows } = await c.query(
      `UPDATE event_store SET payload = jsonb_set(payload, '{tampered}', 'true')
        WHERE position = (SELECT max(position) FROM event_store WHERE stream_type <> 'ledger-seal') RETURNING position`,
    );
    await c.end();
    const verify = await http('GET', '/api/v1/audit/verify', { token, timeoutMs: 30000 });
    const found = verify.json?.findings?.some(
      (f) => String(f.position) === String(rows[0]?.position),
    );
    check(
      'superuser rewrites an event: verify reports it at its position',
      verify.status === 200 && verify.json?.intact === false && found,
      `intact=${verify.json?.intact}, ${verify.json?.findings?.length ?? 0} findings`,
    );
  }
} catch (error) {
  check('fault run completed', false, String(error?.stack ?? error));
} finally {
  service?.kill('SIGKILL');
  try {
    signalPostgres('SIGCONT');
  } catch {
    /* not running */
  }
  for (const s of sockets) s.destroy();
  proxy.close();
  await pg?.stop().catch(() => undefined);
  await rm(work, { recursive: true, force: true }).catch(() => undefined);
}

const failed = results.filter((r) => !r.ok);
if (failed.length > 0 && unhandled.length > 0)
  say(`\nUnexpected errors logged by the service:\n${unhandled.slice(0, 5).join('\n')}`);
say(
  `\n${results.length - failed.length}/${results.length} promises kept in ${Math.round((Date.now() - started) / 1000)} s`,
);
process.exit(failed.length > 0 ? 1 : 0);
