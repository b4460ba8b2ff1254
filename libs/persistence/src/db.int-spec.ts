import { Test } from '@nestjs/testing';
import { createTestDatabase, superuserClient, TestDatabase } from '@opsledger/testing';
import { randomUUID } from 'node:crypto';
import { QueryRunnerProviderAlreadyReleasedError } from 'typeorm';
import { isDatabaseUnavailable, translateDatabaseError } from './database-errors';
import { Db } from './db';
import { PersistenceModule } from './persistence.module';
import { RequestContext, SYSTEM_ACTOR } from './request-context';
import { twoTenants, TwoTenants } from './testing/two-tenants';

describe('Db scopes (real PostgreSQL)', () => {
  let t: TwoTenants;
  let dbs: Db;
  let context: RequestContext;
  let tenantA: string;
  let tenantB: string;
  let actor: TwoTenants['actor'];

  beforeAll(async () => {
    t = await twoTenants();
    ({ dbs, context, tenantA, tenantB, actor } = t);
  });
  afterAll(() => t.close());

  const names = (rows: Array<{ name: string }>) => rows.map((r) => r.name).sort();

  it('read() and transaction() apply the same tenant scope', async () => {
    const read = await context.run(actor(tenantA), () =>
      dbs.read(() => dbs.manager.query(`SELECT name FROM organizations`)),
    );
    const tx = await context.run(actor(tenantA), () =>
      dbs.transaction(() => dbs.manager.query(`SELECT name FROM organizations`)),
    );
    expect(names(read)).toEqual(['Org A']);
    expect(names(tx)).toEqual(['Org A']);
    const b = await context.run(actor(tenantB), () =>
      dbs.read(() => dbs.manager.query(`SELECT name FROM organizations`)),
    );
    expect(names(b)).toEqual(['Org B']);
  });

  it('read() refuses writes and sees nothing without a tenant', async () => {
    await expect(
      context.run(actor(tenantA), () =>
        dbs.read(() => dbs.manager.query(`UPDATE organizations SET name = 'x'`)),
      ),
    ).rejects.toThrow(/read-only/);
    const none = await context.run(actor(null), () =>
      dbs.read(() => dbs.manager.query(`SELECT name FROM organizations`)),
    );
    expect(none).toEqual([]);
  });

  it('does not interpolate anything but a UUID into the scope statement', async () => {
    const evil = { ...actor(null), tenantId: `${tenantA}', true); DROP TABLE organizations; --` };
    const rows = await context.run(evil, () =>
      dbs.read(() => dbs.manager.query(`SELECT name FROM organizations`)),
    );
    expect(rows).toEqual([]);
    const still = await context.run(actor(tenantA), () =>
      dbs.read(() => dbs.manager.query(`SELECT count(*)::int AS n FROM organizations`)),
    );
    expect(still[0].n).toBe(1);
  });

  it('nested units of work join the outer transaction: one BEGIN, one backend transaction', async () => {
    const ids = await context.run(actor(tenantA), () =>
      dbs.transaction(async () => {
        const outer = await dbs.manager.query(`SELECT txid_current()::text AS x`);
        const inner = await dbs.transaction(() =>
          dbs.manager.query(`SELECT txid_current()::text AS x`),
        );
        const read = await dbs.read(() => dbs.manager.query(`SELECT txid_current()::text AS x`));
        return [outer[0].x, inner[0].x, read[0].x];
      }),
    );
    expect(new Set(ids).size).toBe(1);
  });

  it('a nested asSystem() switches the scope for its own work and restores the outer one', async () => {
    const seen = await context.run(actor(tenantA), () =>
      dbs.transaction(async () => {
        const all = await context.asSystem(() =>
          dbs.read(() => dbs.manager.query(`SELECT name FROM organizations`)),
        );
        const after = await dbs.manager.query(`SELECT name FROM organizations`);
        return { all: names(all), after: names(after) };
      }),
    );
    expect(seen.all).toEqual(['Org A', 'Org B']);
    expect(seen.after).toEqual(['Org A']);
  });

  it('restores the outer scope when the nested work fails without aborting the transaction', async () => {
    const after = await context.run(actor(tenantA), () =>
      dbs.transaction(async () => {
        await expect(
          context.asSystem(() =>
            dbs.transaction(async () => {
              await dbs.manager.query(`SELECT 1`);
              throw new Error('refused');
            }),
          ),
        ).rejects.toThrow('refused');
        return dbs.manager.query(`SELECT name FROM organizations`);
      }),
    );
    expect(names(after)).toEqual(['Org A']);
  });

  it('leaves no scope behind on the pooled connection', async () => {
    await context.run(actor(tenantA), () => dbs.read(() => dbs.manager.query(`SELECT 1`)));
    const leaked = await dbs.manager.query(`SELECT current_setting('app.tenant_id', true) AS t`);
    expect(leaked[0].t ?? '').toBe('');
  });
});

describe('Db after-commit work', () => {
  let db: TestDatabase;
  let close: () => Promise<void>;
  let dbs: Db;
  let context: RequestContext;

  beforeAll(async () => {
    db = await createTestDatabase();
    const moduleRef = await Test.createTestingModule({
      imports: [PersistenceModule.forRoot({ databaseUrl: db.url })],
    }).compile();
    await moduleRef.init();
    dbs = moduleRef.get(Db);
    context = moduleRef.get(RequestContext);
    close = () => moduleRef.close();
  });
  afterAll(async () => {
    await close();
    await db.drop();
  });

  it('runs queued work after a commit and drops it after a rollback', async () => {
    const ran: string[] = [];
    const system = {
      id: null,
      type: 'system' as const,
      tenantId: null,
      roles: ['system'],
      tenantRole: null,
      sessionId: null,
    };
    await context.run(system, async () => {
      await expect(
        dbs.transaction(async () => {
          dbs.afterCommit(() => ran.push('rolled-back'));
          throw new Error('boom');
        }),
      ).rejects.toThrow('boom');
      await dbs.transaction(async () => {
        dbs.afterCommit(() => ran.push('committed'));
      });
    });
    expect(ran).toEqual(['committed']);
  });

  it('holds queued work until the commit even outside any request context', async () => {
    const ran: string[] = [];
    await dbs.transaction(async () => {
      dbs.afterCommit(() => ran.push(dbs.inTransaction ? 'inside' : 'after'));
      await dbs.manager.query('SELECT 1');
      expect(ran).toEqual([]);
    });
    expect(ran).toEqual(['after']);
  });

  it('fails a unit of work whose connection died between statements as "database unavailable", not "already released"', async () => {
    // The race behind "projection pass failed – QueryRunnerProviderAlreadyReleasedError at
    // EventStore.readCommitted": a connection error between two statements makes TypeORM
    // release the runner at once, and the next statement only says so.
    const su = await superuserClient(db.url);
    try {
      const failure = await dbs
        .transaction(async () => {
          const [{ pid }] = (await dbs.manager.query('SELECT pg_backend_pid() AS pid')) as Array<{
            pid: number;
          }>;
          await su.query('SELECT pg_terminate_backend($1)', [pid]);
          await new Promise((resolve) => setTimeout(resolve, 200));
          return dbs.manager.query('SELECT 1');
        })
        .then(
          () => undefined,
          (error: unknown) => error,
        );
      expect(failure).toBeDefined();
      expect(failure).not.toBeInstanceOf(QueryRunnerProviderAlreadyReleasedError);
      expect(isDatabaseUnavailable(failure)).toBe(true);
      expect(translateDatabaseError(failure)).toMatchObject({
        code: 'DATABASE.UNAVAILABLE',
        kind: 'unavailable',
      });
    } finally {
      await su.end();
    }
    // the pool recovers: the next unit of work gets a live connection
    expect(await dbs.transaction(() => dbs.manager.query('SELECT 1 AS one'))).toEqual([{ one: 1 }]);
  });

  it('undoes a failed nested unit of work alone under nestedSavepoints, keeping a completed one', async () => {
    const ran: string[] = [];
    const name = `nested-${randomUUID()}`;
    await context.run(
      SYSTEM_ACTOR,
      () =>
        dbs.transaction(
          async () => {
            await dbs.transaction(async () => {
              await dbs.manager.query(`INSERT INTO tenants (id, name, slug) VALUES ($1, $2, $3)`, [
                randomUUID(),
                `${name}-kept`,
                `${name}-kept`,
              ]);
              dbs.afterCommit(() => ran.push('kept'));
            });
            await dbs
              .transaction(async () => {
                await dbs.manager.query(
                  `INSERT INTO tenants (id, name, slug) VALUES ($1, $2, $3)`,
                  [randomUUID(), `${name}-undone`, `${name}-undone`],
                );
                dbs.afterCommit(() => ran.push('undone'));
                await dbs.manager.query(`SELECT 1/0`);
              })
              .catch(() => undefined);
          },
          { nestedSavepoints: true },
        ),
      { systemScope: true },
    );
    const su = await superuserClient(db.url);
    const rows = await su.query(`SELECT name FROM tenants WHERE name LIKE $1 ORDER BY name`, [
      `${name}%`,
    ]);
    await su.end();
    expect(rows.rows.map((r: { name: string }) => r.name)).toEqual([`${name}-kept`]);
    expect(ran).toEqual(['kept']);
  });
});
