import { createTestDatabase, superuserClient, TestDatabase } from '@opsledger/testing';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';

/**
 * Spec 000's MongoDB indexes on the PostgreSQL document store: they exist under their names,
 * serve the spec's reads, and the unique ones refuse a second s3Key and a second copy of a file
 * for one contractor (while other collections and contractors are free to repeat them).
 */
describe("spec 000's document-store indexes (PostgreSQL)", () => {
  let db: TestDatabase;
  let su: Client;
  const insert = (collection: string, body: object) =>
    su.query(`INSERT INTO documents (collection, id, body) VALUES ($1, $2, $3::jsonb)`, [
      collection,
      randomUUID(),
      JSON.stringify(body),
    ]);

  beforeAll(async () => {
    db = await createTestDatabase();
    su = await superuserClient(db.url);
  });
  afterAll(async () => {
    await su.end();
    await db.drop();
  });

  it('declares the four indexes', async () => {
    const r = await su.query<{ indexname: string; indexdef: string }>(
      `SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'documents' ORDER BY indexname`,
    );
    const byName = Object.fromEntries(r.rows.map((x) => [x.indexname, x.indexdef]));
    expect(byName.idx_documents_contractor_type_created).toContain("'createdAt'::text)) DESC");
    expect(byName.uq_documents_s3_key).toMatch(/^CREATE UNIQUE INDEX/);
    expect(byName.uq_documents_contractor_hash).toMatch(/^CREATE UNIQUE INDEX/);
    expect(byName.idx_verification_payloads_contractor_provider_created).toContain(
      "'provider'::text",
    );
  });

  it('refuses a second s3Key and a second copy of a file for one contractor', async () => {
    const contractorId = randomUUID();
    await insert('documents', { contractorId, s3Key: 'onboarding/a/1', hash: 'h1' });
    await expect(
      insert('documents', { contractorId: randomUUID(), s3Key: 'onboarding/a/1', hash: 'h2' }),
    ).rejects.toMatchObject({ constraint: 'uq_documents_s3_key' });
    await expect(
      insert('documents', { contractorId, s3Key: 'onboarding/a/2', hash: 'h1' }),
    ).rejects.toMatchObject({ constraint: 'uq_documents_contractor_hash' });
    // another contractor, or another collection, may repeat them
    await insert('documents', { contractorId: randomUUID(), s3Key: 'onboarding/a/3', hash: 'h1' });
    await insert('verification_payloads', { contractorId, s3Key: 'onboarding/a/1', hash: 'h1' });
  });

  it("serves a contractor's documents of a type, newest first, from the spec's index", async () => {
    const contractorId = randomUUID();
    for (let i = 0; i < 200; i++)
      await insert('documents', {
        contractorId: i % 2 ? contractorId : randomUUID(),
        type: 'license',
        createdAt: new Date(Date.UTC(2026, 0, 1, 0, i)).toISOString(),
      });
    await su.query(`ANALYZE documents`);
    await su.query(`SET enable_seqscan = off`);
    const plan = await su.query<{ 'QUERY PLAN': string }>(
      `EXPLAIN SELECT id FROM documents WHERE collection = 'documents'
         AND body->>'contractorId' = $1 AND body->>'type' = 'license'
       ORDER BY body->>'createdAt' DESC LIMIT 20`,
      [contractorId],
    );
    await su.query(`RESET enable_seqscan`);
    expect(plan.rows.map((r) => r['QUERY PLAN']).join('\n')).toContain(
      'idx_documents_contractor_type_created',
    );
  });
});
