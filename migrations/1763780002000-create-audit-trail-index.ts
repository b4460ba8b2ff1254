import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The audit trail lists newest first and pages by position. In the document store's shared
 * table that order is an expression, so without this partial index every page would sort
 * the whole collection. The expression is the one the PostgreSQL adapter sorts by.
 */
export class CreateAuditTrailIndex1763780002000 implements MigrationInterface {
  name = 'CreateAuditTrailIndex1763780002000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX idx_documents_audit_trail_position
         ON documents ((COALESCE(body #> '{position}'::text[], 'null'::jsonb)), id)
         WHERE collection = 'audit_trail'`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX idx_documents_audit_trail_position`);
  }
}
