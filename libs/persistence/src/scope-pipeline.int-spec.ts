import { superuserClient } from '@opsledger/testing';
import { randomUUID } from 'node:crypto';
import type { EventEmitter } from 'node:events';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { Db, DeferredWriteError } from './db';
import { RequestContext } from './request-context';
import { twoTenants, TwoTenants } from './testing/two-tenants';

/**
 * The scope travels with the statements (ScopePipeline): these tests count round trips
 * (ReadyForQuery messages: one per Sync or simple query) on the one pooled connection and
 * check that every statement still runs under the unit of work's scope, and that nothing
 * outside a unit of work ever does.
 */
describe('ScopePipeline: the scope in the same round trip as the statement (real PostgreSQL)', () => {
  let t: TwoTenants;
  let dbs: Db;
  let context: RequestContext;
  let tenantA: string;
  let tenantB: string;
  let actor: TwoTenants['actor'];
  let roundTrips = 0;
  const count = () => (roundTrips += 1);

  beforeAll(async () => {
    // One connection: every unit of work below meets the same one, prepared or not.
    t = await twoTenants({ poolSize: 1 });
    ({ dbs, context, tenantA, tenantB, actor } = t);
    const pool = (t.moduleRef.get(DataSource).driver as unknown as { master: EventEmitter }).master;
    pool.on('acquire', (client: { connection: EventEmitter }) => {
      client.connection.removeListener('readyForQuery', count);
      client.connection.on('readyForQuery', count);
    });
    // The first unit of work on the connection prepares the scope statements.
    await context.run(actor(tenantA), () => dbs.read(() => dbs.manager.query(`SELECT 1`)));
  });
  afterAll(() => t.close());

  const names = (rows: Array<{ name: string }>) => rows.map((r) => r.name).sort();
  async function trips<T>(fn: () => Promise<T>): Promise<{ result: T; trips: number }> {
    roundTrips = 0;
    const result = await fn();
    return { result, trips: roundTrips };
  }

  it('answers a one-statement read in one round trip, under the scope, read-only', async () => {
    const { result, trips: n } = await trips(() =>
      context.run(actor(tenantA), () =>
        dbs.read(() =>
          dbs.manager.query(
            `SELECT name, current_setting('transaction_read_only') AS ro FROM organizations WHERE $1::int = 1`,
            [1],
          ),
        ),
      ),
    );
    expect(result).toEqual([{ name: 'Org A', ro: 'on' }]);
    expect(n).toBe(1);
  });

  it('sends the scope again with each statement of a read, and keeps refusing writes', async () => {
    const { result, trips: n } = await trips(() =>
      context.run(actor(tenantB), () =>
        dbs.read(async () => {
          const first = await dbs.manager.query(`SELECT name FROM organizations`);
          const second = await dbs.manager.query(
            `SELECT current_setting('app.tenant_id') AS t, current_setting('app.user_id') <> '' AS u`,
          );
          return { first: names(first), second };
        }),
      ),
    );
    expect(result).toEqual({ first: ['Org B'], second: [{ t: tenantB, u: true }] });
    expect(n).toBe(2);
    await expect(
      context.run(actor(tenantA), () =>
        dbs.read(() => dbs.manager.query(`UPDATE organizations SET name = 'x'`)),
      ),
    ).rejects.toThrow(/read-only/);
  });

  it('opens a read-write unit of work with its first statement: BEGIN, scope and statement in one round trip', async () => {
    const { result, trips: n } = await trips(() =>
      context.run(actor(tenantA), () =>
        dbs.transaction(async () => {
          const first = await dbs.manager.query(
            `SELECT name, txid_current()::text AS tx, current_setting('opsledger.ledger_writer', true) AS w FROM organizations`,
          );
          const second = await dbs.manager.query(`SELECT txid_current()::text AS tx`);
          return { first, second };
        }),
      ),
    );
    expect(result.first).toHaveLength(1);
    expect(result.first[0]).toMatchObject({ name: 'Org A', w: 'on' });
    expect(result.second[0].tx).toBe(result.first[0].tx);
    // The two statements, then COMMIT.
    expect(n).toBe(3);
  });

  it('sends nothing at all for a unit of work that runs no statement', async () => {
    const { trips: n } = await trips(() =>
      context.run(actor(tenantA), async () => {
        await dbs.read(async () => undefined);
        await dbs.transaction(async () => undefined);
      }),
    );
    expect(n).toBe(0);
  });

  it('carries a nested asSystem() scope with the next statement and restores the outer one', async () => {
    const read = await context.run(actor(tenantA), () =>
      dbs.read(async () => {
        const all = await context.asSystem(() =>
          dbs.read(() => dbs.manager.query(`SELECT name FROM organizations`)),
        );
        const after = await dbs.manager.query(`SELECT name FROM organizations`);
        return { all: names(all), after: names(after) };
      }),
    );
    expect(read).toEqual({ all: ['Org A', 'Org B'], after: ['Org A'] });
    // In a read-write unit of work the transaction may open inside the nested scope: the
    // outer scope is then set again in the open transaction.
    const write = await context.run(actor(tenantA), () =>
      dbs.transaction(async () => {
        const all = await context.asSystem(() =>
          dbs.transaction(() => dbs.manager.query(`SELECT name FROM organizations`)),
        );
        const after = await dbs.manager.query(`SELECT name FROM organizations`);
        return { all: names(all), after: names(after) };
      }),
    );
    expect(write).toEqual({ all: ['Org A', 'Org B'], after: ['Org A'] });
  });

  it('opens an explicit scoped transaction for a text of several statements', async () => {
    const { result, trips: n } = await trips(() =>
      context.run(actor(tenantA), () =>
        dbs.transaction(async () => {
          await dbs.manager.query(
            `CREATE TEMP TABLE seen ON COMMIT DROP AS SELECT name FROM organizations; SELECT 1`,
          );
          return dbs.manager.query(`SELECT name FROM seen`);
        }),
      ),
    );
    expect(names(result)).toEqual(['Org A']);
    // BEGIN with the scope as one simple query, the two texts, COMMIT.
    expect(n).toBe(4);
    const read = await context.run(actor(tenantB), () =>
      dbs.read(async () => {
        await dbs.manager.query(`SELECT 1; SELECT 2`);
        return dbs.manager.query(`SELECT name FROM organizations`);
      }),
    );
    expect(names(read)).toEqual(['Org B']);
  });

  it('keeps a transaction-local setting of a read for the statements after it', async () => {
    const seen = await context.run(actor(tenantA), () =>
      dbs.read(async () => {
        await dbs.manager.query(`SET LOCAL statement_timeout = '4321ms'`);
        await dbs.manager.query(`SELECT set_config('pg_trgm.similarity_threshold', $1, true)`, [
          '0.7',
        ]);
        const [row] = (await dbs.manager.query(
          `SELECT current_setting('statement_timeout') AS timeout,
                  current_setting('pg_trgm.similarity_threshold', true) AS threshold,
                  current_setting('transaction_read_only') AS ro,
                  (SELECT count(*)::int FROM organizations) AS n`,
        )) as Array<{ timeout: string; threshold: string; ro: string; n: number }>;
        return row;
      }),
    );
    expect(seen).toEqual({ timeout: '4321ms', threshold: '0.7', ro: 'on', n: 1 });
    const after = await dbs.manager.query(`SELECT current_setting('statement_timeout') AS t`);
    expect(after[0].t).not.toBe('4321ms');
  });

  it('leaves the connection clean after a failed statement in either kind of unit of work', async () => {
    await expect(
      context.run(actor(tenantA), () =>
        dbs.read(() => dbs.manager.query(`SELECT 1 / $1::int`, [0])),
      ),
    ).rejects.toThrow(/division by zero/);
    await expect(
      context.run(actor(tenantA), () =>
        dbs.transaction(() => dbs.manager.query(`SELECT 1 / $1::int`, [0])),
      ),
    ).rejects.toThrow(/division by zero/);
    const outside = await dbs.manager.query(
      `SELECT current_setting('app.tenant_id', true) AS t, count(*)::int AS n FROM organizations`,
    );
    expect(outside).toEqual([{ t: expect.stringMatching(/^$|^null$/) as unknown, n: 0 }]);
    const again = await context.run(actor(tenantB), () =>
      dbs.read(() => dbs.manager.query(`SELECT name FROM organizations`)),
    );
    expect(names(again)).toEqual(['Org B']);
  });

  it('sends a companion statement in the round trip of the next statement, after it', async () => {
    const companion = `SELECT name FROM organizations WHERE slug = $1`;
    const run = () =>
      trips(() =>
        context.run(actor(tenantA), () =>
          dbs.transaction(async () => {
            await dbs.manager.query(`SELECT 1`);
            const after = dbs.alongsideNext<{ name: string }>(companion, ['a']);
            const name = `Org A ${randomUUID()}`;
            await dbs.manager.query(`UPDATE organizations SET name = $1 WHERE slug = $2`, [
              name,
              'a',
            ]);
            const rows = await after.rows();
            const [now] = (await dbs.manager.query(companion, ['a'])) as Array<{ name: string }>;
            return { seen: rows[0].name, now: now.name, name };
          }),
        ),
      );
    // The first time the connection has not prepared the companion: it runs alone once.
    const first = await run();
    expect(first.result.seen).toBe(first.result.name);
    expect(first.result.now).toBe(first.result.name);
    expect(first.trips).toBe(5);
    const second = await run();
    expect(second.result.seen).toBe(second.result.name);
    expect(second.trips).toBe(4); // SELECT 1 (with BEGIN), UPDATE + companion, SELECT, COMMIT
  });

  it('sends several companions with the first statement of a transaction, each with its own rows', async () => {
    const bySlug = `SELECT name, slug FROM organizations WHERE slug = $1`;
    const count = `SELECT count(*)::int AS n, $1::text AS tag FROM organizations`;
    const none = `SELECT id FROM organizations WHERE slug = $1 AND false`;
    const run = (tenant: string, slug: string) =>
      trips(() =>
        context.run(actor(tenant), () =>
          dbs.transaction(async () => {
            const a = dbs.alongsideNext<{ name: string; slug: string }>(bySlug, [slug]);
            const b = dbs.alongsideNext<{ n: number; tag: string }>(count, ['x']);
            const c = dbs.alongsideNext<{ id: string }>(none, [slug]);
            const own = (await dbs.manager.query(`SELECT $1::int + 1 AS v`, [41])) as Array<{
              v: number;
            }>;
            return { own: own[0].v, a: await a.rows(), b: await b.rows(), c: await c.rows() };
          }),
        ),
      );
    const first = await run(tenantA, 'a'); // not prepared yet: each runs alone once
    expect(first.result).toEqual({
      own: 42,
      a: [{ name: expect.stringMatching(/^Org A/) as unknown, slug: 'a' }],
      b: [{ n: 1, tag: 'x' }],
      c: [],
    });
    expect(first.trips).toBe(5);
    const second = await run(tenantA, 'a');
    expect(second.result).toEqual(first.result);
    expect(second.trips).toBe(2); // BEGIN + scope + statement + three companions, COMMIT
    // the companions ran under the scope: tenant B sees its own organization only
    const other = await run(tenantB, 'a');
    expect(other.result).toEqual({ own: 42, a: [], b: [{ n: 1, tag: 'x' }], c: [] });
  });

  it('fails a companion with the statement that carried it, and runs an uncarried one alone', async () => {
    const companion = `SELECT count(*)::int AS n FROM organizations WHERE slug = $1`;
    await context.run(actor(tenantA), () =>
      dbs.transaction(() => dbs.alongsideNext(companion, ['a']).rows()),
    );
    let after: { rows(): Promise<unknown[]> } | undefined;
    await expect(
      context.run(actor(tenantA), () =>
        dbs.transaction(async () => {
          after = dbs.alongsideNext(companion, ['a']);
          await dbs.manager.query(`SELECT 1 / $1::int`, [0]);
        }),
      ),
    ).rejects.toThrow(/division by zero/);
    await expect(after!.rows()).rejects.toThrow(/division by zero/);
    const alone = await trips(() =>
      context.run(actor(tenantA), () =>
        dbs.transaction(() => dbs.alongsideNext<{ n: number }>(companion, ['a']).rows()),
      ),
    );
    expect(alone.result).toEqual([{ n: 1 }]);
    expect(alone.trips).toBe(2); // the companion alone (with BEGIN), COMMIT
    const clean = await dbs.manager.query(`SELECT count(*)::int AS n FROM organizations`);
    expect(clean).toEqual([{ n: 0 }]);
  });

  describe('writeBehind: a write sent ahead of the next statement or the COMMIT', () => {
    const rename = `UPDATE organizations SET name = $1 WHERE slug = $2`;
    const guardedRename = `WITH u AS (UPDATE organizations SET name = $1 WHERE slug = $2 RETURNING 1)
      SELECT expect_written(count(*)) FROM u`;
    const nameOf = async (slug: string) => {
      const owner = await superuserClient(t.database.url);
      try {
        return (
          await owner.query<{ name: string }>(`SELECT name FROM organizations WHERE slug = $1`, [
            slug,
          ])
        ).rows[0]?.name;
      } finally {
        await owner.end();
      }
    };
    const mapped = (error: Error) => new Error(`refused: ${(error as { code?: string }).code}`);

    it('commits in the round trip of the write once the connection has prepared it', async () => {
      const run = (name: string) =>
        trips(() =>
          context.run(actor(tenantA), () =>
            dbs.transaction(async () => {
              await dbs.manager.query(`SELECT $1::int AS one`, [1]);
              await dbs.writeBehind(guardedRename, [name, 'a'], mapped);
            }),
          ),
        );
      const first = await run(`Org A ${randomUUID()}`); // not prepared: runs now
      expect(first.trips).toBe(3);
      const name = `Org A ${randomUUID()}`;
      const second = await run(name);
      expect(second.trips).toBe(2); // SELECT with BEGIN and scope; the write with COMMIT
      expect(await nameOf('a')).toBe(name);
    });

    it('goes ahead of the next statement, which sees what it wrote', async () => {
      const run = (name: string) =>
        trips(() =>
          context.run(actor(tenantA), () =>
            dbs.transaction(async () => {
              await dbs.manager.query(`SELECT $1::int AS one`, [1]);
              await dbs.writeBehind(rename, [name, 'a'], mapped);
              return (await dbs.manager.query(`SELECT name FROM organizations WHERE slug = $1`, [
                'a',
              ])) as Array<{ name: string }>;
            }),
          ),
        );
      await run(`Org A ${randomUUID()}`);
      const name = `Org A ${randomUUID()}`;
      const { result, trips: n } = await run(name);
      expect(result).toEqual([{ name }]);
      expect(n).toBe(3); // SELECT with BEGIN; the write with the read; COMMIT
    });

    it('fails the unit of work with its own mapped error when its guard refuses, and nothing commits', async () => {
      const before = await nameOf('a');
      for (let i = 0; i < 3; i++) {
        // the first run prepares the statements, the later ones defer the writes
        const error = await context
          .run(actor(tenantA), () =>
            dbs.transaction(async () => {
              await dbs.manager.query(`SELECT $1::int AS one`, [1]);
              await dbs.writeBehind(rename, [`changed ${i}`, 'a'], mapped);
              await dbs.writeBehind(guardedRename, [`lost ${i}`, 'no-such-slug'], mapped);
            }),
          )
          .then(
            () => undefined,
            (e: unknown) => e,
          );
        expect(error).toEqual(new Error('refused: OL409'));
      }
      expect(await nameOf('a')).toBe(before);
    });

    it("reports a refusal to the statement that carried it as not that statement's own failure", async () => {
      const before = await nameOf('a');
      let carrierError: unknown;
      const outcome = await context
        .run(actor(tenantA), () =>
          dbs.transaction(async () => {
            await dbs.manager.query(`SELECT $1::int AS one`, [1]);
            await dbs.writeBehind(guardedRename, ['lost', 'no-such-slug'], mapped);
            // a repository that maps its own unique violations must not mistake this for one
            await dbs.manager.query(`SELECT $1::int AS two`, [2]).catch((error: unknown) => {
              carrierError = error;
            });
          }),
        )
        .then(
          () => undefined,
          (e: unknown) => e,
        );
      expect((carrierError as { driverError?: unknown }).driverError).toBeInstanceOf(
        DeferredWriteError,
      );
      expect(
        (carrierError as { driverError?: { code?: string } }).driverError?.code,
      ).toBeUndefined();
      // the handler swallowed it: the unit of work still fails with the write's error
      expect(outcome).toEqual(new Error('refused: OL409'));
      expect(await nameOf('a')).toBe(before);
    });

    it('goes first, alone, ahead of a statement that cannot carry it (a text of several)', async () => {
      for (let i = 0; i < 2; i++) {
        const name = `Org A ${randomUUID()}`;
        await context.run(actor(tenantA), () =>
          dbs.transaction(async () => {
            await dbs.manager.query(`SELECT $1::int AS one`, [1]);
            await dbs.writeBehind(rename, [name, 'a'], mapped);
            // it must see the write: the write goes before it, not with the COMMIT after
            await dbs.manager.query(
              `UPDATE organizations SET name = name || ' (seen)' WHERE slug = 'a'; SELECT 1 AS one`,
            );
          }),
        );
        expect(await nameOf('a')).toBe(`${name} (seen)`);
      }
    });

    it('under a savepoint (nestedSavepoints), a refused write undoes its unit alone', async () => {
      for (let i = 0; i < 3; i++) {
        const name = `Org A ${randomUUID()}`;
        let inner: unknown;
        await context.run(actor(tenantA), () =>
          dbs.transaction(
            async () => {
              await dbs.manager.query(`SELECT $1::int AS one`, [1]);
              // the handler's unit: its writes are refused at its savepoint's release
              await dbs
                .transaction(async () => {
                  await dbs.writeBehind(rename, [`inner ${i}`, 'a'], mapped);
                  await dbs.writeBehind(guardedRename, ['lost', 'no-such-slug'], mapped);
                })
                .catch((error: unknown) => {
                  inner = error;
                });
              // the outer unit goes on and commits (an idempotency record, say)
              await dbs.manager.query(rename, [name, 'a']);
            },
            { nestedSavepoints: true },
          ),
        );
        expect(inner).toEqual(new Error('refused: OL409'));
        expect(await nameOf('a')).toBe(name);
      }
    });

    it('is dropped with a unit of work that fails before its commit, and the connection stays clean', async () => {
      const before = await nameOf('a');
      await expect(
        context.run(actor(tenantA), () =>
          dbs.transaction(async () => {
            await dbs.manager.query(`SELECT $1::int AS one`, [1]);
            await dbs.writeBehind(rename, ['never', 'a'], mapped);
            throw new Error('handler failed');
          }),
        ),
      ).rejects.toThrow('handler failed');
      expect(await nameOf('a')).toBe(before);
      const again = await context.run(actor(tenantB), () =>
        dbs.read(() => dbs.manager.query(`SELECT name FROM organizations`)),
      );
      expect(names(again)).toEqual(['Org B']);
    });
  });

  it('a statement without a scope sees nothing: the application role alone, no app code', async () => {
    const app = new Client({ connectionString: t.database.url, options: '-c role=opsledger_app' });
    await app.connect();
    try {
      const { rows } = await app.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM organizations`,
      );
      expect(rows[0].n).toBe(0);
      const owner = await superuserClient(t.database.url);
      const all = await owner.query<{ n: number }>(`SELECT count(*)::int AS n FROM organizations`);
      await owner.end();
      expect(all.rows[0].n).toBe(2);
    } finally {
      await app.end();
    }
  });
});
