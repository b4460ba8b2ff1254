import { Test, TestingModule } from '@nestjs/testing';
import { createTestDatabase, superuserClient, TestDatabase } from '@opsledger/testing';
import { randomUUID } from 'node:crypto';
import { Db } from '../db';
import { PersistenceModule } from '../persistence.module';
import { Actor, RequestContext } from '../request-context';

/**
 * A fresh database with two tenants, one organization each ('Org A' slug 'a', 'Org B' slug
 * 'b', written as the owner), and the persistence module on it: what the Db specs need to see
 * row-level security tell the tenants apart.
 */
export interface TwoTenants {
  database: TestDatabase;
  moduleRef: TestingModule;
  dbs: Db;
  context: RequestContext;
  tenantA: string;
  tenantB: string;
  /** A plain user of the tenant (or of none). */
  actor(tenantId: string | null): Actor;
  close(): Promise<void>;
}

export async function twoTenants(options: { poolSize?: number } = {}): Promise<TwoTenants> {
  const database = await createTestDatabase();
  const tenantA = randomUUID();
  const tenantB = randomUUID();
  const owner = await superuserClient(database.url);
  try {
    await owner.query(
      `INSERT INTO tenants (id, name, slug) VALUES ($1, 'A', 'a'), ($2, 'B', 'b')`,
      [tenantA, tenantB],
    );
    await owner.query(
      `INSERT INTO organizations (id, tenant_id, name, slug) VALUES ($1, $2, 'Org A', 'a'), ($3, $4, 'Org B', 'b')`,
      [randomUUID(), tenantA, randomUUID(), tenantB],
    );
  } finally {
    await owner.end();
  }
  const moduleRef = await Test.createTestingModule({
    imports: [PersistenceModule.forRoot({ databaseUrl: database.url, ...options })],
  }).compile();
  await moduleRef.init();
  return {
    database,
    moduleRef,
    dbs: moduleRef.get(Db),
    context: moduleRef.get(RequestContext),
    tenantA,
    tenantB,
    actor: (tenantId) => ({
      id: randomUUID(),
      type: 'user',
      tenantId,
      roles: ['user'],
      tenantRole: 'member',
      sessionId: null,
    }),
    close: async () => {
      await moduleRef.close();
      await database.drop();
    },
  };
}
