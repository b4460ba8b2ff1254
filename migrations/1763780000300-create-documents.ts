import { MigrationInterface, QueryRunner } from 'typeorm';
import { enableTenantRls, grantToApp, touchUpdatedAt } from './migration-helpers';

/**
 * The document store's PostgreSQL adapter: one JSONB table for every collection, so the
 * service runs without MongoDB. Ids sort in "C" collation to page in the same order as
 * MongoDB's `_id` (binary), and the primary key then serves that order directly.
 */
export class CreateDocuments1763780000300 implements MigrationInterface {
  name = 'CreateDocuments1763780000300';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE documents (
      collection  varchar(100) NOT NULL,
      id          varchar(200) COLLATE "C" NOT NULL,
      tenant_id   uuid,
      body        jsonb NOT NULL,
      created_at  timestamptz NOT NULL DEFAULT now(),
      updated_at  timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT pk_documents PRIMARY KEY (collection, id),
      CONSTRAINT ck_documents_body_is_object CHECK (jsonb_typeof(body) = 'object')
    )`);
    await q.query(`CREATE INDEX idx_documents_body ON documents USING gin (body jsonb_path_ops)`);
    await q.query(
      `CREATE INDEX idx_documents_collection_tenant ON documents (collection, tenant_id)`,
    );
    await touchUpdatedAt(q, 'documents');
    await enableTenantRls(q, 'documents');
    await grantToApp(q, 'documents');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE documents`);
  }
}
