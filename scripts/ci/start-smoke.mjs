#!/usr/bin/env node
// The README's `npm start`, as a new user runs it: builds, starts on embedded PostgreSQL under
// a fresh DATA_DIR, and passes once /health/ready answers 200. Then stops the service.
// Usage (from the repository root): node scripts/ci/start-smoke.mjs
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const repo = join(import.meta.dirname, '..', '..');
const dataDir = mkdtempSync(join(repo, '.data-smoke-'));
const port = 30000 + (process.pid % 20000);
const say = (line) => process.stdout.write(`[start-smoke] ${line}\n`);
const started = Date.now();
const child = spawn('npm', ['start'], {
  cwd: repo,
  detached: true,
  env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir },
  stdio: ['ignore', 'pipe', 'pipe'],
});
let output = '';
const collect = (chunk) => {
  output += chunk;
};
child.stdout.on('data', collect);
child.stderr.on('data', collect);
let ready = false;
while (!ready && Date.now() - started < 240_000 && child.exitCode === null) {
  await new Promise((r) => setTimeout(r, 1000));
  try {
    ready = (await fetch(`http://127.0.0.1:${port}/health/ready`)).status === 200;
  } catch {
    // Not listening yet.
  }
}
if (child.exitCode === null) {
  process.kill(-child.pid, 'SIGTERM');
  await new Promise((r) => child.on('exit', r));
}
// Where embedded PostgreSQL went, when it had to move (root in a private folder).
for (const line of output.split('\n'))
  if (/embedded PostgreSQL/i.test(line) && !/password/i.test(line)) say(line.trim());
// PostgreSQL got the same SIGTERM and may still be writing its shutdown checkpoint after npm
// exited: wait until no postmaster.pid is left under the data folders before removing them.
const moved = /keeps its cluster for \S+ in (\S+):/.exec(output)?.[1];
const folders = [dataDir, ...(moved ? [moved] : [])];
const pidFiles = [join(dataDir, 'postgres', 'pg'), ...(moved ? [join(moved, 'pg')] : [])].map((d) =>
  join(d, 'postmaster.pid'),
);
const stopBy = Date.now() + 60_000;
while (Date.now() < stopBy && pidFiles.some((f) => existsSync(f)))
  await new Promise((r) => setTimeout(r, 250));
for (const folder of folders)
  rmSync(folder, { recursive: true, force: true, maxRetries: 20, retryDelay: 250 });
if (ready) {
  say(`npm start served /health/ready in ${Math.round((Date.now() - started) / 1000)} s`);
} else {
  say(`npm start never served /health/ready; its last output:`);
  process.stdout.write(
    output
      .split('\n')
      .filter((l) => !/password/i.test(l))
      .slice(-30)
      .join('\n') + '\n',
  );
  process.exit(1);
}
