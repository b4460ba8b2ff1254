// npm run bench:ledger: the ledger as it grows (issue 17). Grows the product's own event store
// to each size in BENCH_LEDGER_SIZES (100000,1000000) over about a thousand streams, then
// measures: projection rebuild of the audit trail (events per second, peak RSS), filtered
// `/api/v1/audit/events` pages under 8 clients with row-level security on (by resource, by
// actor, a one-day range, a deep cursor: p50/p95/p99), `/api/v1/audit/verify` (seconds: the
// full walk, then the incremental one twice after sealing everything) and
// `/api/v1/audit/export` (events per second, the service's peak RSS). See docs/performance.md.
//
// Settings (environment): BENCH_LEDGER_SIZES, BENCH_LEDGER_CLIENTS (8), BENCH_SECONDS (10) per
// query kind, BENCH_KEEP_TEMP=1 (keep logs and files), BENCH_SERVICE_NODE_ARGS (extra `node`
// flags for the service, e.g. --cpu-prof --cpu-prof-dir=/tmp/profiles).
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import { login } from './lib/api.mjs';
import { autocannonWithTimes } from './lib/load.mjs';
import { startDatabase, withClient } from './lib/database.mjs';
import { vaultKeys, writeDataKeys, writeSigningKeys } from './lib/keys.mjs';
import {
  sampleRss,
  startNodeProcess,
  stopProcess,
  tail,
  waitUntilReady,
} from './lib/processes.mjs';
import { writeResults } from './lib/report.mjs';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const RESULTS_FILE = join(REPO_ROOT, 'bench', 'results', 'ledger-latest.json');
const TARGETS = { eventsP95Ms: 50, rebuildPerSecond: 10_000 };
const INHERITED_ENV = ['PATH', 'HOME', 'TMPDIR', 'TZ', 'LANG', 'LC_ALL'];
const SEED = 'bench';
const progress = (message) => process.stderr.write(`[bench:ledger] ${message}\n`);
const integer = (name, fallback) => {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1)
    throw new Error(`${name} must be an integer >= 1, not "${raw}"`);
  return value;
};
const childEnv = (extra) => ({
  ...Object.fromEntries(
    INHERITED_ENV.filter((k) => process.env[k]).map((k) => [k, process.env[k]]),
  ),
  ...extra,
});

async function runProcess(handle) {
  const exit = await handle.exited;
  if (exit.code !== 0)
    throw new Error(
      `${handle.name} failed (${exit.code ?? exit.signal}):\n${tail(handle.logFile)}`,
    );
}

function lineOf(file, prefix) {
  return readFileSync(file, 'utf8')
    .split('\n')
    .find((l) => l.startsWith(prefix));
}

async function timed(fn) {
  const started = process.hrtime.bigint();
  const value = await fn();
  return { value, ms: Number(process.hrtime.bigint() - started) / 1e6 };
}

async function main() {
  const sizes = (process.env.BENCH_LEDGER_SIZES ?? '100000,1000000')
    .split(',')
    .map((s) => Number(s.trim()));
  if (sizes.some((s) => !Number.isInteger(s) || s < 1000))
    throw new Error('BENCH_LEDGER_SIZES must be whole numbers >= 1000, comma-separated');
  const clients = integer('BENCH_LEDGER_CLIENTS', 8);
  const seconds = integer('BENCH_SECONDS', 10);
  const work = mkdtempSync(join(os.tmpdir(), 'opsledger-bench-ledger-'));
  chmodSync(work, 0o755);
  const logFile = (name) => join(work, `${name}.log`);
  mkdirSync(join(work, 'data'));
  const db = await startDatabase({
    repoRoot: REPO_ROOT,
    dir: join(work, 'pg'),
    logFile: logFile('postgres'),
  });
  let service;
  const rows = [];
  try {
    const keysFile = join(work, 'signing-keys.json');
    const dataKeysFile = join(work, 'data-keys.json');
    await writeSigningKeys(keysFile);
    await writeDataKeys(dataKeysFile);
    const vaultKeyRing = vaultKeys();
    const admin = {
      email: 'bench-admin@bench.opsledger',
      password: randomBytes(18).toString('base64url'),
    };
    const env = childEnv({
      NODE_ENV: 'production',
      // As npm start and the Docker image: freed password-hashing buffers leave the process.
      MALLOC_MMAP_THRESHOLD_: '131072',
      BOOTSTRAP_ADMIN_EMAIL: admin.email,
      BOOTSTRAP_ADMIN_PASSWORD: admin.password,
      DATABASE_URL: db.url,
      MIGRATE_ON_BOOT: 'true',
      SIGNING_KEYS_FILE: keysFile,
      DATA_KEYS_FILE: dataKeysFile,
      VAULT_KEYS: vaultKeyRing,
      DATA_DIR: join(work, 'data'),
      LOG_LEVEL: 'warn',
    });
    const cli = (name, script, args, nodeArgs = []) =>
      startNodeProcess({
        name,
        script: join(REPO_ROOT, 'dist/src/cli', script),
        args,
        nodeArgs,
        cwd: REPO_ROOT,
        env,
        logFile: logFile(name),
      });

    let size = 0;
    for (const target of sizes) {
      progress(`growing the ledger to ${target} events`);
      const grower = cli(`grow-${target}`, 'ledger-grow.js', [
        '--events',
        String(target - size),
        '--seed',
        SEED,
      ]);
      await runProcess(grower);
      progress(lineOf(grower.logFile, 'Appended ') ?? 'no summary line');
      const total = await withClient(db.url, async (c) =>
        Number((await c.query('SELECT count(*)::bigint AS n FROM event_store')).rows[0].n),
      );
      size = target;

      progress('rebuilding the audit trail');
      const rebuilder = cli(
        `rebuild-${target}`,
        'rebuild-projection.js',
        ['audit_trail'],
        ['--max-semi-space-size=4', '--max-old-space-size=224'],
      );
      const rebuildRss = sampleRss(rebuilder.pid);
      await runProcess(rebuilder);
      const rebuildPeakMb = Math.round(rebuildRss.stop());
      const rebuildLine = lineOf(rebuilder.logFile, 'Rebuilt projection') ?? '';
      const [, replayed, rebuildMs] = /: (\d+) events replayed in (\d+) ms/.exec(rebuildLine) ?? [];
      await withClient(db.url, (c) => c.query('ANALYZE audit_trail; ANALYZE event_store'));

      const port = 3900 + Math.floor(Math.random() * 90);
      const baseUrl = `http://127.0.0.1:${port}`;
      service = startNodeProcess({
        name: `service-${target}`,
        script: join(REPO_ROOT, 'dist/src/main.js'),
        nodeArgs: [
          '--max-semi-space-size=16',
          '--max-old-space-size=224',
          ...(process.env.BENCH_SERVICE_NODE_ARGS ?? '').split(/\s+/).filter(Boolean),
        ],
        cwd: REPO_ROOT,
        env: { ...env, HOST: '127.0.0.1', PORT: String(port), ACCESS_TOKEN_TTL_SECONDS: '3600' },
        logFile: logFile(`service-${target}`),
      });
      await waitUntilReady(service, `${baseUrl}/health/ready`, 180_000);
      const { token } = await login(baseUrl, admin.email, admin.password);
      const headers = { authorization: `Bearer ${token}` };

      // What the filters name: a resource, an actor, one day in the middle, an entry deep down.
      const probe = await withClient(db.url, async (c) => {
        const q = async (sql, params) => (await c.query(sql, params)).rows[0];
        const resource = await q(
          `SELECT resource_type, resource_id FROM audit_trail WHERE position = (SELECT max(position) / 2 FROM audit_trail)`,
        );
        const actor = await q(`SELECT actor_id FROM audit_trail ORDER BY position DESC LIMIT 1`);
        const middle = await q(
          `SELECT occurred_at FROM audit_trail ORDER BY position OFFSET (SELECT count(*) / 2 FROM audit_trail) LIMIT 1`,
        );
        const deep = await q(
          `SELECT position, event_id FROM audit_trail ORDER BY position OFFSET (SELECT count(*) / 10 FROM audit_trail) LIMIT 1`,
        );
        return { resource, actor, middle, deep };
      });
      const day = new Date(probe.middle.occurred_at);
      const cursor = Buffer.from(
        JSON.stringify([Number(probe.deep.position), probe.deep.event_id]),
      ).toString('base64url');
      const kinds = {
        resource: `resourceType=${probe.resource.resource_type}&resourceId=${probe.resource.resource_id}`,
        actor: `actorId=${probe.actor.actor_id}`,
        'one day': `from=${encodeURIComponent(day.toISOString())}&to=${encodeURIComponent(new Date(day.getTime() + 86_400_000).toISOString())}`,
        'deep cursor': `cursor=${cursor}`,
      };
      const events = {};
      for (const [kind, query] of Object.entries(kinds)) {
        progress(`${target}: /audit/events by ${kind}, ${clients} clients, ${seconds} s`);
        const { result: r, percentile } = await autocannonWithTimes({
          url: `${baseUrl}/api/v1/audit/events?limit=50&${query}`,
          connections: clients,
          duration: seconds,
          headers,
        });
        events[kind] = {
          requestsPerSecond: Math.round(r.requests.average),
          non2xx: r.non2xx,
          errors: r.errors,
          latencyMs: {
            p50: r.latency.p50,
            p90: r.latency.p90,
            // from every response's time (autocannon's summary has no p95)
            p95: percentile(0.95),
            p97_5: r.latency.p97_5,
            p99: r.latency.p99,
          },
        };
      }

      progress(`${target}: /audit/export`);
      const serviceRss = sampleRss(service.pid);
      const exported = await timed(async () => {
        const res = await fetch(`${baseUrl}/api/v1/audit/export`, { headers });
        if (res.status !== 200) throw new Error(`export answered ${res.status}`);
        let lines = 0;
        const decoder = new TextDecoder();
        for await (const chunk of res.body)
          lines += (decoder.decode(chunk, { stream: true }).match(/\n/g) ?? []).length;
        return lines;
      });
      const exportPeakMb = Math.round(serviceRss.stop());

      // Seal everything, as the seal job would have by now: the incremental verify skips seals.
      progress(`${target}: sealing`);
      const sealed = await timed(async () => {
        let seals = 0;
        for (;;) {
          const res = await fetch(`${baseUrl}/api/v1/audit/seals`, { method: 'POST', headers });
          if (res.status === 200) return seals;
          if (res.status !== 201)
            throw new Error(`sealing answered ${res.status}: ${await res.text()}`);
          seals += 1;
        }
      });
      const verify = (query) =>
        timed(async () => {
          const res = await fetch(`${baseUrl}/api/v1/audit/verify${query}`, { headers });
          const body = await res.json();
          if (res.status !== 200 || body.intact !== true)
            throw new Error(`verify answered ${res.status}: ${JSON.stringify(body).slice(0, 300)}`);
          return body;
        });
      progress(`${target}: /audit/verify?full=true`);
      const verified = await verify('?full=true');
      // the first incremental run walks every seal (none verified yet) and records them
      progress(`${target}: /audit/verify, first incremental run`);
      const firstIncremental = await verify('');
      progress(`${target}: /audit/verify, second incremental run`);
      const incremental = await verify('');
      await stopProcess(service);
      service = undefined;

      rows.push({
        events: total,
        rebuild: {
          replayed: Number(replayed),
          seconds: Number(rebuildMs) / 1000,
          eventsPerSecond: Math.round(Number(replayed) / (Number(rebuildMs) / 1000)),
          peakRssMb: rebuildPeakMb,
        },
        auditEvents: events,
        export: {
          lines: exported.value,
          seconds: exported.ms / 1000,
          eventsPerSecond: Math.round(exported.value / (exported.ms / 1000)),
          servicePeakRssMb: exportPeakMb,
        },
        seal: { seconds: sealed.ms / 1000, seals: sealed.value },
        verify: { seconds: verified.ms / 1000, checkedEvents: verified.value.checkedEvents },
        verifyIncremental: {
          first: {
            seconds: firstIncremental.ms / 1000,
            eventsWalked: firstIncremental.value.eventsWalked,
          },
          again: {
            seconds: incremental.ms / 1000,
            eventsWalked: incremental.value.eventsWalked,
            previouslyVerifiedSeals: incremental.value.previouslyVerifiedSeals,
          },
        },
      });
    }

    const results = {
      when: new Date().toISOString(),
      machine: { cpus: os.cpus().length, load: os.loadavg().map((l) => Math.round(l * 10) / 10) },
      clients,
      rows,
      targets: {
        auditEventsP95UnderMs: TARGETS.eventsP95Ms,
        rebuildAtLeastPerSecond: TARGETS.rebuildPerSecond,
      },
      met: {
        auditEventsP95: rows.every((r) =>
          Object.values(r.auditEvents).every(
            (x) =>
              x.latencyMs.p95 !== null && x.latencyMs.p95 < TARGETS.eventsP95Ms && x.non2xx === 0,
          ),
        ),
        rebuild: rows.every((r) => r.rebuild.eventsPerSecond >= TARGETS.rebuildPerSecond),
      },
    };
    await writeResults(RESULTS_FILE, results);
    const out = [
      `The ledger as it grows (${clients} clients on /audit/events, p95 target < ${TARGETS.eventsP95Ms} ms; rebuild target >= ${TARGETS.rebuildPerSecond}/s):`,
      '| events | rebuild ev/s (RSS MB) | resource p50/p95 ms | actor p50/p95 | one day p50/p95 | deep cursor p50/p95 | export ev/s (RSS MB) | verify full s | verify incremental s (first run / again, events walked again) |',
      '|---|---|---|---|---|---|---|---|---|',
      ...rows.map((r) => {
        const e = (k) => {
          const x = r.auditEvents[k];
          return `${x.latencyMs.p50}/${x.latencyMs.p95}${x.non2xx ? ` (${x.non2xx} non-2xx)` : ''}`;
        };
        return `| ${r.events} | ${r.rebuild.eventsPerSecond} (${r.rebuild.peakRssMb}) | ${e('resource')} | ${e('actor')} | ${e('one day')} | ${e('deep cursor')} | ${r.export.eventsPerSecond} (${r.export.servicePeakRssMb}) | ${r.verify.seconds.toFixed(1)} | ${r.verifyIncremental.first.seconds.toFixed(1)} / ${r.verifyIncremental.again.seconds.toFixed(2)} (${r.verifyIncremental.again.eventsWalked}) |`;
      }),
      `targets: /audit/events p95 < ${TARGETS.eventsP95Ms} ms at every size: ${results.met.auditEventsP95 ? 'met' : 'MISSED'}; rebuild >= ${TARGETS.rebuildPerSecond}/s: ${results.met.rebuild ? 'met' : 'MISSED'}`,
      `load average at the end: ${results.machine.load.join(', ')}`,
      '',
    ];
    process.stdout.write(out.join('\n'));
  } finally {
    if (service) await stopProcess(service);
    await db.stop();
    if (process.env.BENCH_KEEP_TEMP !== '1') rmSync(work, { recursive: true, force: true });
    else progress(`kept ${work}`);
  }
}

main().catch((error) => {
  process.stderr.write(`${error?.stack ?? error}\n`);
  process.exit(1);
});
