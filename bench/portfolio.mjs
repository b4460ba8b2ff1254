// npm run bench:portfolio: the portfolio context's two targets (issue 14) on embedded PostgreSQL
// with durable settings: the import of a synthetic SAM.gov extract (entities per second, peak
// memory) and profile search under 16 concurrent clients (latency percentiles per query kind).
// See docs/performance.md.
//
// Settings (environment): BENCH_PORTFOLIO_ENTITIES (200000), BENCH_PORTFOLIO_CONNECTIONS (16),
// BENCH_SECONDS (10) per search kind, BENCH_KEEP_TEMP=1 (keep logs and files),
// BENCH_PG_STATEMENTS=1 (pg_stat_statements: statements, planning and execution per request,
// and the search kind's costliest statements), BENCH_PORTFOLIO_SETTLE=0 (search right after the
// import, before any vacuum: by default the profile tables are vacuumed first),
// BENCH_IMPORT_NODE_ARGS (more node options for the importer, e.g. --cpu-prof).
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import { login } from './lib/api.mjs';
import { autocannonWithTimes } from './lib/load.mjs';
import {
  costliestStatements,
  sqlPer,
  startDatabase,
  statementCounter,
  withClient,
} from './lib/database.mjs';
import { vaultKeys, writeDataKeys, writeSigningKeys } from './lib/keys.mjs';
import {
  readCpuSeconds,
  readTreeCpuSeconds,
  sampleRss,
  startNodeProcess,
  stopProcess,
  tail,
  waitUntilReady,
} from './lib/processes.mjs';
import { writeResults } from './lib/report.mjs';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const RESULTS_FILE = join(REPO_ROOT, 'bench', 'results', 'portfolio-latest.json');
// the search target is the 95th percentile: computed from every response's time
// (autocannon's own summary has p90 and p97.5, not p95)
const TARGETS = { importPerSecond: 10_000, searchP95Ms: 50 };
const INHERITED_ENV = ['PATH', 'HOME', 'TMPDIR', 'TZ', 'LANG', 'LC_ALL'];
const progress = (message) => process.stderr.write(`[bench:portfolio] ${message}\n`);
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

/** The three search kinds the issue names, each a few distinct queries. */
const SEARCHES = {
  name: [
    'q=pinacle%20aerospce',
    'q=keystone%20constructoin',
    'q=acme%20tecnologies',
    'q=summit%20logistcs',
  ],
  'state+naics': [
    'state=VA&naics=5415',
    'state=TX&naics=2362',
    'state=CA&naics=5413',
    'state=MD&naics=5416',
  ],
  'business type': [
    'businessTypes=A2',
    'businessTypes=XS,23',
    'businessTypes=QF',
    'businessTypes=8W',
  ],
};

async function runProcess(handle) {
  const exit = await handle.exited;
  if (exit.code !== 0)
    throw new Error(
      `${handle.name} failed (${exit.code ?? exit.signal}):\n${tail(handle.logFile)}`,
    );
}

async function main() {
  const entities = integer('BENCH_PORTFOLIO_ENTITIES', 200_000);
  const connections = integer('BENCH_PORTFOLIO_CONNECTIONS', 16);
  const seconds = integer('BENCH_SECONDS', 10);
  const pgStatements = process.env.BENCH_PG_STATEMENTS === '1';
  const settle = process.env.BENCH_PORTFOLIO_SETTLE !== '0';
  const work = mkdtempSync(join(os.tmpdir(), 'opsledger-bench-portfolio-'));
  // embedded PostgreSQL runs as an unprivileged user when the bench runs as root
  chmodSync(work, 0o755);
  const logFile = (name) => join(work, `${name}.log`);
  mkdirSync(join(work, 'data'));
  const db = await startDatabase({
    repoRoot: REPO_ROOT,
    dir: join(work, 'pg'),
    logFile: logFile('postgres'),
    statements: pgStatements,
  });
  const statements = pgStatements ? statementCounter(db.url) : null;
  let service;
  try {
    const keysFile = join(work, 'signing-keys.json');
    const dataKeysFile = join(work, 'data-keys.json');
    await writeSigningKeys(keysFile);
    await writeDataKeys(dataKeysFile);
    const vaultKeyRing = vaultKeys();
    // the first process to start creates the admin: the import runs before the service
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

    progress(`generating ${entities} entities`);
    const extract = join(work, 'extract.dat');
    await runProcess(
      startNodeProcess({
        name: 'generator',
        script: join(REPO_ROOT, 'dist/src/cli/portfolio-generate.js'),
        args: ['--entities', String(entities), '--out', extract],
        cwd: REPO_ROOT,
        env,
        logFile: logFile('generate'),
      }),
    );

    progress('importing');
    const importer = startNodeProcess({
      name: 'import',
      script: join(REPO_ROOT, 'dist/src/cli/portfolio-import.js'),
      nodeArgs: [
        '--max-semi-space-size=4',
        '--max-old-space-size=224',
        ...(process.env.BENCH_IMPORT_NODE_ARGS ?? '').split(/\s+/).filter(Boolean),
      ],
      args: [extract],
      cwd: REPO_ROOT,
      env,
      logFile: logFile('import'),
    });
    const rss = sampleRss(importer.pid);
    // CPU of the import: the importer's, sampled until it exits, and the whole server's
    const databaseCpuBeforeImport = readTreeCpuSeconds(db.pid);
    let importerCpu = 0;
    const cpuSampler = setInterval(() => {
      importerCpu = readCpuSeconds(importer.pid) ?? importerCpu;
    }, 200);
    await runProcess(importer).finally(() => clearInterval(cpuSampler));
    const databaseCpuImport = readTreeCpuSeconds(db.pid) - databaseCpuBeforeImport;
    const peakRssMb = rss.stop();
    const line = readFileSync(logFile('import'), 'utf8')
      .split('\n')
      .find((l) => l.startsWith('Imported '));
    const importSeconds = Number(/ in ([\d.]+) s:/.exec(line ?? '')?.[1]);
    const imported = {
      entities,
      seconds: importSeconds,
      entitiesPerSecond: Math.round(entities / importSeconds),
      peakRssMb: Math.round(peakRssMb),
      cpuMicrosecondsPerEntity: {
        importer: Math.round((importerCpu * 1e6) / entities),
        database: Math.round((databaseCpuImport * 1e6) / entities),
      },
      line,
    };
    progress(line ?? 'no summary line');
    if (settle) {
      // as autovacuum leaves them a minute or so after a bulk load: the name words' visibility
      // map set (their walk is an index-only scan), statistics fresh
      progress('vacuuming the profiles and their name words');
      await withClient(db.url, (c) =>
        c.query('VACUUM (ANALYZE) contractor_profiles, contractor_profile_name_words'),
      );
    } else await withClient(db.url, (c) => c.query('ANALYZE contractor_profiles'));

    const port = 3900 + Math.floor(Math.random() * 90);
    const baseUrl = `http://127.0.0.1:${port}`;
    service = startNodeProcess({
      name: 'service',
      script: join(REPO_ROOT, 'dist/src/main.js'),
      nodeArgs: ['--max-semi-space-size=16', '--max-old-space-size=224'],
      cwd: REPO_ROOT,
      env: {
        ...env,
        HOST: '127.0.0.1',
        PORT: String(port),
        ACCESS_TOKEN_TTL_SECONDS: '3600',
      },
      logFile: logFile('service'),
    });
    await waitUntilReady(service, `${baseUrl}/health/ready`, 120_000);
    const { token } = await login(baseUrl, admin.email, admin.password);

    const search = {};
    for (const [kind, queries] of Object.entries(SEARCHES)) {
      progress(`search: ${kind}, ${connections} clients, ${seconds} s`);
      let n = 0;
      await statements?.reset();
      const serviceCpuBefore = readCpuSeconds(service.pid);
      const databaseCpuBefore = readTreeCpuSeconds(db.pid);
      const loadBefore = os.loadavg()[0];
      const { result, percentile } = await autocannonWithTimes({
        url: baseUrl,
        connections,
        duration: seconds,
        headers: { authorization: `Bearer ${token}` },
        requests: [
          {
            method: 'GET',
            setupRequest: (req) => ({
              ...req,
              path: `/api/v1/contractor-profiles?limit=20&${queries[n++ % queries.length]}`,
            }),
          },
        ],
      });
      const p95 = percentile(0.95);
      const total = result.requests.total;
      // CPU per request hardly moves when other work shares the machine: the figure to compare
      const perRequest = (before, after) =>
        before === null || after === null || total === 0
          ? null
          : Math.round(((after - before) * 1000 * 100) / total) / 100;
      const cpuMsPerRequest = {
        service: perRequest(serviceCpuBefore, readCpuSeconds(service.pid)),
        database: perRequest(databaseCpuBefore, readTreeCpuSeconds(db.pid)),
      };
      const sql = statements ? await statements.read() : null;
      const costliest = statements ? await costliestStatements(db.url) : undefined;
      search[kind] = {
        cpuMsPerRequest,
        load: [loadBefore, os.loadavg()[0]].map((l) => Math.round(l * 10) / 10),
        ...(sqlPer(sql, total) ? { sqlPerRequest: sqlPer(sql, total), costliest } : {}),
        requestsPerSecond: Math.round(result.requests.average),
        non2xx: result.non2xx,
        errors: result.errors,
        latencyMs: {
          p50: result.latency.p50,
          p90: result.latency.p90,
          p95,
          p97_5: result.latency.p97_5,
          p99: result.latency.p99,
        },
      };
    }
    const results = {
      when: new Date().toISOString(),
      machine: { cpus: os.cpus().length, load: os.loadavg().map((l) => Math.round(l * 10) / 10) },
      import: imported,
      settled: settle,
      search,
      targets: {
        importAtLeastPerSecond: TARGETS.importPerSecond,
        importMet: imported.entitiesPerSecond >= TARGETS.importPerSecond,
        searchP95UnderMs: TARGETS.searchP95Ms,
        searchMet: Object.values(search).every(
          (s) =>
            s.latencyMs.p95 !== null && s.latencyMs.p95 < TARGETS.searchP95Ms && s.non2xx === 0,
        ),
      },
    };
    await writeResults(RESULTS_FILE, results);
    const rows = Object.entries(search).map(
      ([kind, s]) =>
        `| ${kind} | ${s.requestsPerSecond} | ${s.latencyMs.p50} | ${s.latencyMs.p90} | ${s.latencyMs.p95} | ${s.latencyMs.p97_5} | ${s.latencyMs.p99} | ${s.non2xx} | ${s.cpuMsPerRequest.service}, ${s.cpuMsPerRequest.database} | ${s.load.join('–')} |`,
    );
    process.stdout.write(
      [
        `Import: ${entities} entities in ${importSeconds} s = ${imported.entitiesPerSecond}/s (target ${TARGETS.importPerSecond}/s: ${results.targets.importMet ? 'met' : 'missed'}), peak RSS ${imported.peakRssMb} MB, CPU an entity: importer ${imported.cpuMicrosecondsPerEntity.importer} µs, PostgreSQL ${imported.cpuMicrosecondsPerEntity.database} µs`,
        '',
        `Search over ${entities} profiles${settle ? ', vacuumed' : ', right after the import'}, ${connections} clients (target p95 < ${TARGETS.searchP95Ms} ms: ${results.targets.searchMet ? 'met' : 'missed'}):`,
        '| kind | req/s | p50 ms | p90 ms | p95 ms | p97.5 ms | p99 ms | non-2xx | CPU ms/request (service, PostgreSQL) | load |',
        '|---|---|---|---|---|---|---|---|---|---|',
        ...rows,
        `load average during the run: ${results.machine.load.join(', ')}`,
        ...Object.entries(search)
          .filter(([, s]) => s.sqlPerRequest)
          .flatMap(([kind, s]) => [
            '',
            `${kind}: ${s.sqlPerRequest.statements} statements, ${s.sqlPerRequest.planMs} ms planning, ${s.sqlPerRequest.execMs} ms execution a request; costliest:`,
            ...s.costliest.map(
              (c) =>
                `  ${c.calls} calls, ${c.execMs} ms exec, ${c.planMs} ms plan, ${c.blocks} blocks: ${c.query}`,
            ),
          ]),
        '',
      ].join('\n'),
    );
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
