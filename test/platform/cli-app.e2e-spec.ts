import { ProjectionRunner } from '@opsledger/event-store';
import { SYSTEM_ACTOR } from '@opsledger/persistence';
import { createTestDatabase, superuserClient, TestDatabase } from '@opsledger/testing';
import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { withCliApp } from '../../src/cli/cli-app';
import { samExtractLines } from '../../src/cli/synthetic-contractors';
import { ContractorImporter } from '../../src/modules/portfolio/portfolio.public';

/**
 * The command-line tasks (`npm run portfolio:import`, `projections:rebuild`, the ledger bench's
 * grower) run the service's modules in an application context without an HTTP server: every
 * module that wires itself into the server must start without one.
 */
describe('command-line application context (e2e)', () => {
  let db: TestDatabase;
  let dataDir: string;
  const notes: string[] = [];
  const env = () => ({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DATA_DIR: dataDir,
    DATABASE_URL: db.url,
    BOOTSTRAP_ADMIN_EMAIL: 'admin@cli.opsledger',
    BOOTSTRAP_ADMIN_PASSWORD: 'bootstrap-secret-for-cli-tests',
  });

  beforeAll(async () => {
    db = await createTestDatabase();
    dataDir = await mkdtemp(join(tmpdir(), 'opsledger-cli-'));
  });
  afterAll(async () => {
    await db.drop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('imports an extract and rebuilds a projection, then closes its connections', async () => {
    const text = [...samExtractLines(120, 3)].join('\n') + '\n';
    const outcome = await withCliApp(
      (app) =>
        app.get(ContractorImporter).run(
          {
            source: 'sam-extract',
            fileName: 'extract.dat',
            fileSha256: createHash('sha256').update(text).digest('hex'),
            open: () => Readable.from([Buffer.from(text)]),
          },
          SYSTEM_ACTOR,
        ),
      { env: env(), note: (line) => notes.push(line) },
    );
    expect(outcome.totals).toMatchObject({ recordsRead: 120, inserted: 120, rejected: 0 });

    const replayed = await withCliApp((app) => app.get(ProjectionRunner).rebuild('audit_trail'), {
      env: env(),
    });
    expect(replayed).toBeGreaterThan(0);

    const su = await superuserClient(db.url);
    try {
      const { rows } = await su.query<{
        profiles: number;
        audited: number;
        sessions: number;
        users: number;
      }>(
        `SELECT (SELECT count(*)::int FROM contractor_profiles) AS profiles,
                (SELECT count(*)::int FROM users) AS users,
                (SELECT count(*)::int FROM audit_trail) AS audited,
                (SELECT count(*)::int FROM pg_stat_activity
                  WHERE datname = current_database() AND pid <> pg_backend_pid()) AS sessions`,
      );
      expect(rows[0].profiles).toBe(120);
      // the tasks ran on an empty database: the admin is left to the service's first start
      expect(rows[0].users).toBe(0);
      expect(rows[0].audited).toBe(replayed);
      // both contexts closed their pools
      expect(rows[0].sessions).toBe(0);
    } finally {
      await su.end();
    }
  });
});
