import { Global, Module } from '@nestjs/common';
import { getConnectionToken } from '@nestjs/mongoose';
import { Test, TestingModule } from '@nestjs/testing';
import { Connection } from 'mongoose';
import { Actor, RequestContext, RequestScope, SYSTEM_ACTOR } from '@opsledger/persistence';
import { randomBytes, randomUUID } from 'node:crypto';
import { describeDocumentStoreContract, DocumentStoreHarness } from './document-store.contract';
import { DocumentStoreModule } from './document-store.module';
import { DocumentStore } from './document-store.port';
import { DOCUMENT_STORE_CONNECTION } from './mongoose-document.schemas';
import { MongooseDocumentStore } from './mongoose-document-store';

/*
 * Runs against MONGODB_URI (a server, not an embedded one); each run uses a database of its
 * own and drops it. Without MONGODB_URI Jest does not collect this file (jest.config.js) and
 * the global setup says so in the output.
 */
const uri = process.env.MONGODB_URI;

/** The request context without PostgreSQL: CLS alone is all the MongoDB adapter reads. */
@Global()
@Module({
  providers: [RequestScope, RequestContext],
  exports: [RequestContext],
})
class ContextOnlyModule {}

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

/** The store as the application gets it: through DocumentStoreModule and MongooseModule. */
async function startMongo(
  mongodbUri: string,
): Promise<DocumentStoreHarness & { moduleRef: TestingModule }> {
  const dbName = `opsledger_test_${randomBytes(6).toString('hex')}`;
  const moduleRef = await Test.createTestingModule({
    imports: [
      ContextOnlyModule,
      DocumentStoreModule.forRoot({ mongodbUri, mongodbDbName: dbName }),
    ],
  }).compile();
  await moduleRef.init();
  const context = moduleRef.get(RequestContext);
  const store = moduleRef.get(DocumentStore) as MongooseDocumentStore;
  return {
    moduleRef,
    store,
    run: (fn) => context.run(SYSTEM_ACTOR, fn),
    runAsTenant: (tenantId, fn) => context.run(tenantUser(tenantId), fn),
    teardown: async () => {
      try {
        await store.database().dropDatabase();
      } finally {
        await moduleRef.close();
      }
    },
  };
}

if (uri) {
  describeDocumentStoreContract('MongooseDocumentStore', () => startMongo(uri));

  describe('DocumentStoreModule with a MongoDB URI', () => {
    it('binds the MongoDB adapter on the MongooseModule connection, which closes on shutdown', async () => {
      const started = await startMongo(uri);
      const connection = started.moduleRef.get<Connection>(
        getConnectionToken(DOCUMENT_STORE_CONNECTION),
      );
      expect(started.store).toBeInstanceOf(MongooseDocumentStore);
      await expect(started.store.ping()).resolves.toBeUndefined();
      expect(connection.readyState).toBe(1);
      await started.teardown();
      expect(connection.readyState).toBe(0);
    });

    it("creates spec 000's collections with their indexes", async () => {
      const started = await startMongo(uri);
      try {
        const connection = started.moduleRef.get<Connection>(
          getConnectionToken(DOCUMENT_STORE_CONNECTION),
        );
        await Promise.all(Object.values(connection.models).map((m) => m.init()));
        const db = (started.store as MongooseDocumentStore).database();
        const keys = async (name: string) =>
          (await db.collection(name).indexes()).map((i) => ({ key: i.key, unique: !!i.unique }));
        expect(await keys('documents')).toEqual(
          expect.arrayContaining([
            { key: { tenantId: 1 }, unique: false },
            {
              key: { 'body.contractorId': 1, 'body.type': 1, 'body.createdAt': -1 },
              unique: false,
            },
            { key: { 'body.s3Key': 1 }, unique: true },
          ]),
        );
        expect(await keys('verification_payloads')).toEqual(
          expect.arrayContaining([
            {
              key: { 'body.contractorId': 1, 'body.provider': 1, 'body.createdAt': -1 },
              unique: false,
            },
          ]),
        );
      } finally {
        await started.teardown();
      }
    });
  });
}
