import { Db } from './db';
import { RequestContext } from './request-context';
import { statementName } from './prepared-statements';
import { twoTenants, TwoTenants } from './testing/two-tenants';

describe('prepared statements (real PostgreSQL, as the application role)', () => {
  let t: TwoTenants;
  let dbs: Db;
  let context: RequestContext;
  let tenantA: string;
  let tenantB: string;
  let actor: TwoTenants['actor'];
  const SELECT = `SELECT name FROM organizations WHERE slug = ANY($1::text[]) ORDER BY name`;

  beforeAll(async () => {
    // One connection, so every statement below meets the plans the earlier ones left.
    t = await twoTenants({ poolSize: 1 });
    ({ dbs, context, tenantA, tenantB, actor } = t);
  });
  afterAll(() => t.close());

  const select = (tenantId: string) =>
    context.run(actor(tenantId), () =>
      dbs.read(async () => {
        const rows: Array<{ name: string }> = await dbs.manager.query(SELECT, [['a', 'b']]);
        return rows.map((r) => r.name);
      }),
    );

  it('parses a parameterised statement once per connection and keeps it', async () => {
    await select(tenantA);
    const prepared: Array<{ name: string; statement: string }> = await dbs.manager.query(
      `SELECT name, statement FROM pg_prepared_statements WHERE name = $1`,
      [statementName(SELECT)],
    );
    expect(prepared).toEqual([{ name: statementName(SELECT), statement: SELECT }]);
  });

  it('a cached generic plan still applies each transaction its own row-level scope', async () => {
    // Force the generic plan from the first run: the plan must read the scope at run time.
    await dbs.manager.query(`SET plan_cache_mode = force_generic_plan`);
    try {
      for (let round = 0; round < 6; round++) {
        expect(await select(tenantA)).toEqual(['Org A']);
        expect(await select(tenantB)).toEqual(['Org B']);
      }
    } finally {
      await dbs.manager.query(`RESET plan_cache_mode`);
    }
  });

  it('names a text the same way every time and leaves statements without parameters alone', async () => {
    expect(statementName(SELECT)).toBe(statementName(`${SELECT}`));
    expect(statementName(SELECT)).not.toBe(statementName(`${SELECT} `));
    const before: Array<{ n: string }> = await dbs.manager.query(
      `SELECT count(*)::text AS n FROM pg_prepared_statements`,
    );
    await dbs.manager.query(`SELECT 1 AS one`);
    const after: Array<{ n: string }> = await dbs.manager.query(
      `SELECT count(*)::text AS n FROM pg_prepared_statements`,
    );
    expect(after[0].n).toBe(before[0].n);
  });
});
