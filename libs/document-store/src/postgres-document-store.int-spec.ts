import { Test, TestingModule } from '@nestjs/testing';
import { MIGRATIONS } from '@opsledger/migrations';
import { Actor, Db, PersistenceModule, RequestContext, SYSTEM_ACTOR } from '@opsledger/persistence';
import { createTestDatabase, superuserClient, TestDatabase } from '@opsledger/testing';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { CreateDocuments1763780000300 } from '../../../migrations/1763780000300-create-documents';
import { describeDocumentStoreContract, DocumentStoreHarness } from './document-store.contract';
import { DocumentStoreModule } from './document-store.module';
import { DocumentStore } from './document-store.port';
import { PostgresDocumentStore } from './postgres-document-store';

interface PostgresHarness extends DocumentStoreHarness {
  moduleRef: TestingModule;
  database: TestDatabase;
}

function tenantUser(tenantId: string): Actor {
  return {
    id: randomUUID(),
    type: 'user',
    tenantId,
    roles: [],
    tenantRole: 'member',
    sessionId: null,
  };
}

async function startPostgres(): Promise<PostgresHarness> {
  const database = await createTestDatabase();
  try {
    const moduleRef = await Test.createTestingModule({
      imports: [
        PersistenceModule.forRoot({ databaseUrl: database.url, poolSize: 4 }),
        DocumentStoreModule.forRoot({}),
      ],
    }).compile();
    await moduleRef.init();
    const context = moduleRef.get(RequestContext);
    return {
      moduleRef,
      database,
      store: moduleRef.get(DocumentStore),
      run: (fn) => context.run(SYSTEM_ACTOR, fn),
      runAsTenant: (tenantId, fn) => context.run(tenantUser(tenantId), fn),
      teardown: async () => {
        await moduleRef.close();
        await database.drop();
      },
    };
  } catch (error) {
    await database.drop();
    throw error;
  }
}

describeDocumentStoreContract('PostgresDocumentStore', startPostgres);

describe('PostgresDocumentStore', () => {
  let h: PostgresHarness;
  const tenantA = randomUUID();
  const tenantB = randomUUID();

  beforeAll(async () => {
    h = await startPostgres();
  });

  afterAll(async () => {
    await h?.teardown();
  });

  it('is the adapter bound when no MongoDB URI is configured', () => {
    expect(h.store).toBeInstanceOf(PostgresDocumentStore);
  });

  it('row-level security hides tenant A’s documents from tenant B, even from raw SQL', async () => {
    const { store, moduleRef } = h;
    const context = moduleRef.get(RequestContext);
    const db = moduleRef.get(Db);
    await h.run(() =>
      store.upsert('rls', 'a-only', { id: 'a-only', secret: 'A' }, { tenantId: tenantA }),
    );

    await context.run(tenantUser(tenantB), async () => {
      expect(await store.get('rls', 'a-only')).toBeNull();
      expect((await store.find('rls', { limit: 10 })).items).toEqual([]);
      expect(await store.count('rls')).toBe(0);
      const rows = (await db.transaction(() =>
        db.manager.query(`SELECT count(*)::int AS n FROM documents WHERE id = 'a-only'`),
      )) as Array<{ n: number }>;
      expect(rows[0].n).toBe(0);
    });
    await context.run(tenantUser(tenantA), async () => {
      expect(await store.get('rls', 'a-only')).toEqual({ id: 'a-only', secret: 'A' });
      expect((await store.find('rls', { limit: 10 })).items).toEqual([
        { id: 'a-only', secret: 'A' },
      ]);
    });

    const su = await superuserClient(h.database.url);
    try {
      const stored = await su.query(
        `SELECT tenant_id, body FROM documents WHERE collection = 'rls' AND id = 'a-only'`,
      );
      expect(stored.rows).toEqual([{ tenant_id: tenantA, body: { id: 'a-only', secret: 'A' } }]);
    } finally {
      await su.end();
    }
  });

  it('outside any request context, reads fail closed', async () => {
    await h.run(() => h.store.upsert('closed', 'c1', { id: 'c1' }, { tenantId: tenantA }));
    expect(await h.store.get('closed', 'c1')).toBeNull();
    expect(await h.store.count('closed')).toBe(0);
    await expect(h.store.ping()).resolves.toBeUndefined();
  });

  it('writes join the caller’s transaction and roll back with it', async () => {
    const { store, moduleRef } = h;
    const db = moduleRef.get(Db);
    const attempt = h.run(() =>
      db.transaction(async () => {
        await store.upsert('tx', 't1', { id: 't1' });
        expect(await store.insertIfAbsent('tx', 't2', { id: 't2' })).toBe(true);
        expect(await store.count('tx')).toBe(2);
        throw new Error('roll back');
      }),
    );
    await expect(attempt).rejects.toThrow('roll back');
    expect(await h.run(() => store.count('tx'))).toBe(0);

    await h.run(() =>
      db.transaction(async () => {
        await store.upsert('tx', 't3', { id: 't3' });
        await store.deleteMany('tx', { id: 'absent' });
      }),
    );
    expect(await h.run(() => store.get('tx', 't3'))).toEqual({ id: 't3' });
  });

  it('the GIN index answers the containment that equality filters compile to', async () => {
    const su = await superuserClient(h.database.url);
    try {
      await su.query('BEGIN');
      await su.query('SET LOCAL enable_seqscan = off');
      const plan = await su.query(
        `EXPLAIN SELECT id FROM documents WHERE body @> '{"actor":{"id":"u1"}}'::jsonb`,
      );
      await su.query('ROLLBACK');
      expect(plan.rows.map((r: { 'QUERY PLAN': string }) => r['QUERY PLAN']).join('\n')).toContain(
        'idx_documents_body',
      );
    } finally {
      await su.end();
    }
  });
});

describe('CreateDocuments1763780000300', () => {
  let database: TestDatabase;
  let dataSource: DataSource;

  beforeAll(async () => {
    database = await createTestDatabase();
    dataSource = await new DataSource({ type: 'postgres', url: database.url }).initialize();
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });

  async function tableState(): Promise<{
    exists: boolean;
    rls: boolean;
    forced: boolean;
    policies: string[];
  }> {
    const rows = (await dataSource.query(
      `SELECT c.relrowsecurity AS rls, c.relforcerowsecurity AS forced,
              ARRAY(SELECT policyname::text FROM pg_policies WHERE tablename = 'documents') AS policies
         FROM pg_class c WHERE c.oid = to_regclass('public.documents')`,
    )) as Array<{ rls: boolean; forced: boolean; policies: string[] }>;
    return rows[0]
      ? { exists: true, ...rows[0] }
      : { exists: false, rls: false, forced: false, policies: [] };
  }

  it('is registered, so the service, the CLI and the test template all run it', () => {
    expect(MIGRATIONS).toContain(CreateDocuments1763780000300);
  });

  it('down() removes the table and up() restores it with forced row-level security', async () => {
    const migration = new CreateDocuments1763780000300();
    const q = dataSource.createQueryRunner();
    try {
      await migration.down(q);
      expect((await tableState()).exists).toBe(false);
      await migration.up(q);
    } finally {
      await q.release();
    }
    expect(await tableState()).toEqual({
      exists: true,
      rls: true,
      forced: true,
      policies: ['documents_tenant_isolation'],
    });
    const grants = (await dataSource.query(
      `SELECT privilege_type FROM information_schema.role_table_grants
        WHERE table_name = 'documents' AND grantee = 'opsledger_app' ORDER BY privilege_type`,
    )) as Array<{ privilege_type: string }>;
    expect(grants.map((g) => g.privilege_type)).toEqual(['DELETE', 'INSERT', 'SELECT', 'UPDATE']);
  });
});
