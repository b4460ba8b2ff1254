import { DynamicModule, Global, Module, Provider } from '@nestjs/common';
import { RequestContext } from '@opsledger/persistence';
import { DocumentStore } from './document-store.port';
import { MongooseDocumentStore } from './mongoose-document-store';
import { PostgresDocumentStore } from './postgres-document-store';

export interface DocumentStoreOptions {
  /** MongoDB when set; otherwise PostgreSQL JSONB, through `Db` from PersistenceModule. */
  mongodbUri?: string;
}

/**
 * Binds the `DocumentStore` port to one adapter for the whole application. The MongoDB
 * adapter owns its connection and closes it on shutdown (a Nest hook on the store itself).
 */
@Global()
@Module({})
export class DocumentStoreModule {
  static forRoot(options: DocumentStoreOptions): DynamicModule {
    const { mongodbUri } = options;
    const store: Provider = mongodbUri
      ? {
          provide: DocumentStore,
          useFactory: (context: RequestContext) =>
            MongooseDocumentStore.connect(mongodbUri, context),
          inject: [RequestContext],
        }
      : { provide: DocumentStore, useClass: PostgresDocumentStore };
    return {
      module: DocumentStoreModule,
      providers: [store],
      exports: [DocumentStore],
    };
  }
}
