// The benchmark's child processes: started with their output in a log file, watched until
// they answer, measured through /proc, and always stopped, whatever way the harness ends.
import { spawn } from 'node:child_process';
import { closeSync, openSync, readdirSync, readFileSync } from 'node:fs';
import process from 'node:process';
import { setTimeout as sleep } from 'node:timers/promises';

const running = new Set();

// Last resort (uncaught error, process.exit from a signal handler): no server outlives us.
process.on('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/**
 * Starts `node <script>` with exactly the given environment; stdout and stderr go to
 * `logFile`. Returns a handle whose `exited` promise settles when the process is gone.
 */
export function startNodeProcess({ name, script, args = [], nodeArgs = [], env, cwd, logFile }) {
  const fd = openSync(logFile, 'a');
  let child;
  try {
    child = spawn(process.execPath, [...nodeArgs, script, ...args], {
      cwd,
      env,
      stdio: ['ignore', fd, fd],
    });
  } finally {
    closeSync(fd);
  }
  running.add(child);
  const handle = { name, child, pid: child.pid, logFile, exit: undefined };
  handle.exited = new Promise((resolve) => {
    const done = (exit) => {
      if (handle.exit) return;
      running.delete(child);
      handle.exit = exit;
      resolve(exit);
    };
    child.once('exit', (code, signal) => done({ code, signal }));
    child.once('error', (error) => done({ code: null, signal: null, error }));
  });
  return handle;
}

function describeExit(exit) {
  if (exit.error) return exit.error.message;
  return exit.signal ? `signal ${exit.signal}` : `exit code ${exit.code}`;
}

/** Polls `url` until it answers 2xx; fails early when the process dies. */
export async function waitUntilReady(handle, url, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer yet';
  while (Date.now() < deadline) {
    if (handle.exit)
      throw new Error(
        `${handle.name} stopped (${describeExit(handle.exit)}) before ${url} answered`,
      );
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
      const body = await response.text();
      if (response.ok) return;
      last = `HTTP ${response.status} ${body.slice(0, 300)}`;
    } catch (error) {
      last = error?.cause?.code ?? error?.message ?? String(error);
    }
    await Promise.race([sleep(250), handle.exited]);
  }
  throw new Error(
    `${handle.name} was not ready at ${url} within ${Math.round(timeoutMs / 1000)} s (last: ${last})`,
  );
}

/** SIGTERM, then SIGKILL after `graceMs`; resolves once the process is gone. */
export async function stopProcess(handle, graceMs = 10_000) {
  if (!handle || handle.exit) return;
  handle.child.kill('SIGTERM');
  const cancel = new AbortController();
  const timer = sleep(graceMs, 'timeout', { signal: cancel.signal }).catch(() => undefined);
  if ((await Promise.race([handle.exited, timer])) === 'timeout') handle.child.kill('SIGKILL');
  cancel.abort();
  await handle.exited;
}

/**
 * Waits until every process in `pids` has used under `maxPercent` of one core over a window of
 * `windowMs`, at most `timeoutMs`: an idle server's background work (the service's projections
 * catching up with the last scenario's writes) must not take CPU from the next measurement.
 * Resolves with the milliseconds waited and whether the processes went quiet.
 */
export async function waitUntilQuiet(
  pids,
  { maxPercent = 5, windowMs = 1000, timeoutMs = 30_000 } = {},
) {
  const startedAt = performance.now();
  for (;;) {
    const before = pids.map(readCpuSeconds);
    await sleep(windowMs);
    const busiest = Math.max(
      0,
      ...pids.map((pid, i) => {
        const after = readCpuSeconds(pid);
        return after === null || before[i] === null
          ? 0
          : ((after - before[i]) * 1000 * 100) / windowMs;
      }),
    );
    const waitedMs = Math.round(performance.now() - startedAt);
    if (busiest < maxPercent) return { waitedMs, quiet: true };
    if (waitedMs >= timeoutMs) return { waitedMs, quiet: false };
  }
}

/** Resident set size now and its peak over the process's life (VmHWM), in MB; null off Linux. */
export function readMemory(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (field) => {
      const match = status.match(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm'));
      return match ? Number(match[1]) : null;
    };
    const toMb = (value) => (value === null ? null : value / 1024);
    return { rssMb: toMb(kb('VmRSS')), peakRssMb: toMb(kb('VmHWM')) };
  } catch {
    return { rssMb: null, peakRssMb: null };
  }
}

/** CPU seconds (user + system) the process has used; null off Linux. Assumes 100 ticks/s. */
export function readCpuSeconds(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name, which is in parentheses and may contain spaces.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}

/**
 * CPU seconds (user + system) used by a process and every process under it: the live ones, and
 * the exited ones its parent has reaped (counted in the parent's cutime/cstime). For a
 * PostgreSQL postmaster this is the whole server, backends included. Null off Linux.
 */
export function readTreeCpuSeconds(pid) {
  const processes = new Map();
  try {
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        const ticks = [11, 12, 13, 14].reduce((sum, i) => sum + Number(fields[i]), 0);
        processes.set(Number(entry), { parent: Number(fields[1]), ticks });
      } catch {
        // exited while we looked
      }
    }
  } catch {
    return null;
  }
  if (!processes.has(pid)) return null;
  let ticks = 0;
  const pending = [pid];
  while (pending.length > 0) {
    const current = pending.pop();
    ticks += processes.get(current).ticks;
    for (const [child, { parent }] of processes) if (parent === current) pending.push(child);
  }
  return ticks / 100;
}

/** The parent of a process (the postmaster of a PostgreSQL backend); null off Linux. */
export function readParentPid(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return null;
  }
}

/** Samples VmRSS every `intervalMs` until stopped; `stop()` returns the largest sample in MB. */
export function sampleRss(pid, intervalMs = 200) {
  let peak = readMemory(pid).rssMb;
  const timer = setInterval(() => {
    const { rssMb } = readMemory(pid);
    if (rssMb !== null && (peak === null || rssMb > peak)) peak = rssMb;
  }, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      return peak;
    },
  };
}

/** The last lines of a log file, each cut to `width` characters, for failure messages. */
export function tail(file, lines = 15, width = 400) {
  try {
    return readFileSync(file, 'utf8')
      .trimEnd()
      .split('\n')
      .slice(-lines)
      .map((line) => (line.length > width ? `${line.slice(0, width)} …` : line))
      .join('\n');
  } catch {
    return '(no log)';
  }
}
