import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Spec 000's MongoDB indexes on the document store's PostgreSQL table, one partial expression
 * index per collection: `documents` by `{contractorId, type, createdAt: -1}` and unique by
 * `s3Key`; `verification_payloads` by `{contractorId, provider, createdAt: -1}`. One more,
 * unique by contractor and SHA-256, makes "a file is stored once per contractor" hold under
 * concurrent uploads, not only when they come one after the other.
 */
export class IndexOnboardingDocuments1763780025000 implements MigrationInterface {
  name = 'IndexOnboardingDocuments1763780025000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX idx_documents_contractor_type_created ON documents
         ((body->>'contractorId'), (body->>'type'), (body->>'createdAt') DESC)
       WHERE collection = 'documents'`,
    );
    await q.query(
      `CREATE UNIQUE INDEX uq_documents_s3_key ON documents ((body->>'s3Key'))
       WHERE collection = 'documents' AND body ? 's3Key'`,
    );
    await q.query(
      `CREATE UNIQUE INDEX uq_documents_contractor_hash ON documents
         ((body->>'contractorId'), (body->>'hash'))
       WHERE collection = 'documents' AND body ? 'hash'`,
    );
    await q.query(
      `CREATE INDEX idx_verification_payloads_contractor_provider_created ON documents
         ((body->>'contractorId'), (body->>'provider'), (body->>'createdAt') DESC)
       WHERE collection = 'verification_payloads'`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX idx_verification_payloads_contractor_provider_created`);
    await q.query(`DROP INDEX uq_documents_contractor_hash`);
    await q.query(`DROP INDEX uq_documents_s3_key`);
    await q.query(`DROP INDEX idx_documents_contractor_type_created`);
  }
}
