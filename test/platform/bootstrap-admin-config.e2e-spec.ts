import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase, TestDatabase } from '@opsledger/testing';

/** `npm start` (src/main.ts) in a child process; resolves with its exit code and output. */
function start(
  env: Record<string, string>,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['-r', 'ts-node/register', '-r', 'tsconfig-paths/register', 'src/main.ts'],
      {
        cwd: join(__dirname, '..', '..'),
        env: {
          PATH: process.env.PATH ?? '',
          HOME: process.env.HOME ?? '',
          TS_NODE_SWC: 'true',
          TS_NODE_TRANSPILE_ONLY: 'true',
          NODE_ENV: 'development',
          LOG_LEVEL: 'info',
          PORT: '0',
          HOST: '127.0.0.1',
          PROJECTION_POLL_MS: '0',
          SEAL_INTERVAL_SECONDS: '0',
          ...env,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    // A start that goes through would listen forever: stop it, the test then fails on the code.
    const timer = setTimeout(() => child.kill('SIGTERM'), 150_000);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/**
 * Issue 10: a bootstrap admin password the password policy refuses stopped `npm start` with
 * a stack trace from the first-start hook. It is a configuration error like any other: one
 * line naming the variable and the rule, exit code 1, nothing else.
 */
describe('bootstrap admin password refused by the policy (child process)', () => {
  let db: TestDatabase;
  let dataDir: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    dataDir = await mkdtemp(join(tmpdir(), 'opsledger-bootstrap-'));
  });
  afterAll(async () => {
    await db.drop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('stops with one line naming BOOTSTRAP_ADMIN_PASSWORD and the rule, no stack trace', async () => {
    const run = await start({
      DATABASE_URL: db.url,
      DATA_DIR: dataDir,
      BOOTSTRAP_ADMIN_EMAIL: 'gatekeeper@example.com',
      // long enough for the length rule, but it contains the address's local part
      BOOTSTRAP_ADMIN_PASSWORD: 'my-Gatekeeper-password-2026',
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      'Invalid configuration: BOOTSTRAP_ADMIN_PASSWORD must not contain the email address\n',
    );
    expect(run.stderr).not.toMatch(/^\s+at /m);
    expect(run.stdout).not.toContain('my-Gatekeeper-password-2026');
    expect(run.stdout).not.toMatch(/^\s+at /m);
  }, 180_000);

  it('names the length rule for a password longer than the policy allows', async () => {
    const run = await start({
      DATABASE_URL: db.url,
      DATA_DIR: dataDir,
      BOOTSTRAP_ADMIN_PASSWORD: 'x'.repeat(257),
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      'Invalid configuration: BOOTSTRAP_ADMIN_PASSWORD must be at most 256 characters long\n',
    );
  }, 180_000);
});
