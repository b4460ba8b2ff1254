import { Test } from '@nestjs/testing';
import { createTestDatabase, superuserClient, TestDatabase } from '@opsledger/testing';
import { randomUUID } from 'node:crypto';
import { Db } from './db';
import { PersistenceModule } from './persistence.module';
import { RequestContext } from './request-context';
import { statementName } from './prepared-statements';

describe('prepared statements (real PostgreSQL, as the application role)', () => {
  let db: TestDatabase;
  let close: () => Promise<void>;
  let dbs: Db;
  let context: RequestContext;
  const tenantA = randomUUID();
  const tenantB = randomUUID();
  const SELECT = `SELECT name FROM organizations WHERE slug = ANY($1::text[]) ORDER BY name`;

  beforeAll(async () => {
    db = await createTestDatabase();
    const c = await superuserClient(db.url);
    await c.query(`INSERT INTO tenants (id, name, slug) VALUES ($1, 'A', 'a'), ($2, 'B', 'b')`, [
      tenantA,
      tenantB,
    ]);
    await c.query(
      `INSERT INTO organizations (id, tenant_id, name, slug) VALUES ($1, $2, 'Org A', 'a'), ($3, $4, 'Org B', 'b')`,
      [randomUUID(), tenantA, randomUUID(), tenantB],
    );
    await c.end();
    // One connection, so every statement below meets the plans the earlier ones left.
    const moduleRef = await Test.createTestingModule({
      imports: [PersistenceModule.forRoot({ databaseUrl: db.url, poolSize: 1 })],
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

  const actor = (tenantId: string) => ({
    id: randomUUID(),
    type: 'user' as const,
    tenantId,
    roles: ['user'],
    tenantRole: 'member',
    sessionId: null,
  });
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
