import { Global, Module } from '@nestjs/common';
import { Test, TestingModule } from '@nestjs/testing';
import { Actor, RequestContext, SYSTEM_ACTOR } from '@opsledger/persistence';
import { ClsModule } from 'nestjs-cls';
import { randomBytes, randomUUID } from 'node:crypto';
import { describeDocumentStoreContract, DocumentStoreHarness } from './document-store.contract';
import { DocumentStoreModule } from './document-store.module';
import { DocumentStore } from './document-store.port';
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
  imports: [ClsModule.forRoot({ global: true })],
  providers: [RequestContext],
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

async function contextModule(): Promise<TestingModule> {
  const moduleRef = await Test.createTestingModule({ imports: [ContextOnlyModule] }).compile();
  await moduleRef.init();
  return moduleRef;
}

async function startMongo(mongodbUri: string): Promise<DocumentStoreHarness> {
  const moduleRef = await contextModule();
  const context = moduleRef.get(RequestContext);
  const dbName = `opsledger_test_${randomBytes(6).toString('hex')}`;
  const store = await MongooseDocumentStore.connect(mongodbUri, context, { dbName });
  return {
    store,
    run: (fn) => context.run(SYSTEM_ACTOR, fn),
    runAsTenant: (tenantId, fn) => context.run(tenantUser(tenantId), fn),
    teardown: async () => {
      try {
        await store.database().dropDatabase();
      } finally {
        await store.close();
        await moduleRef.close();
      }
    },
  };
}

if (uri) {
  describeDocumentStoreContract('MongooseDocumentStore', () => startMongo(uri));

  describe('DocumentStoreModule with a MongoDB URI', () => {
    it('binds the MongoDB adapter and closes its connection on shutdown', async () => {
      const moduleRef = await Test.createTestingModule({
        imports: [ContextOnlyModule, DocumentStoreModule.forRoot({ mongodbUri: uri })],
      }).compile();
      await moduleRef.init();
      const store = moduleRef.get(DocumentStore);
      expect(store).toBeInstanceOf(MongooseDocumentStore);
      await expect(store.ping()).resolves.toBeUndefined();
      const close = jest.spyOn(store as MongooseDocumentStore, 'close');
      await moduleRef.close();
      expect(close).toHaveBeenCalledTimes(1);
    });
  });
}
