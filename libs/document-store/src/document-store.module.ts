import { DynamicModule, Global, Module, Provider } from '@nestjs/common';
import { getConnectionToken, MongooseModule } from '@nestjs/mongoose';
import { RequestContext } from '@opsledger/persistence';
import { Connection } from 'mongoose';
import { DocumentStore } from './document-store.port';
import { DOCUMENT_STORE_CONNECTION, DOCUMENT_STORE_MODELS } from './mongoose-document.schemas';
import { MongooseDocumentStore } from './mongoose-document-store';
import { PostgresDocumentStore } from './postgres-document-store';

export interface DocumentStoreOptions {
  /** MongoDB when set; otherwise PostgreSQL JSONB, through `Db` from PersistenceModule. */
  mongodbUri?: string;
  /** The MongoDB database (default: the URI's). */
  mongodbDbName?: string;
}

/**
 * Binds the `DocumentStore` port to one adapter for the whole application. With MongoDB,
 * `@nestjs/mongoose`'s MongooseModule owns the connection (opened at start, closed on
 * shutdown) and registers the spec's collections with their indexes.
 */
@Global()
@Module({})
export class DocumentStoreModule {
  static forRoot(options: DocumentStoreOptions): DynamicModule {
    const { mongodbUri } = options;
    if (!mongodbUri) {
      return {
        module: DocumentStoreModule,
        providers: [{ provide: DocumentStore, useClass: PostgresDocumentStore }],
        exports: [DocumentStore],
      };
    }
    const store: Provider = {
      provide: DocumentStore,
      useFactory: (connection: Connection, context: RequestContext) =>
        new MongooseDocumentStore(connection, context),
      inject: [getConnectionToken(DOCUMENT_STORE_CONNECTION), RequestContext],
    };
    return {
      module: DocumentStoreModule,
      imports: [
        MongooseModule.forRoot(mongodbUri, {
          connectionName: DOCUMENT_STORE_CONNECTION,
          ...(options.mongodbDbName ? { dbName: options.mongodbDbName } : {}),
        }),
        MongooseModule.forFeature(DOCUMENT_STORE_MODELS, DOCUMENT_STORE_CONNECTION),
      ],
      providers: [store],
      exports: [DocumentStore],
    };
  }
}
