import { MigrationInterface, QueryRunner } from 'typeorm';
import { enableTenantRls, grantToApp } from './migration-helpers';

/**
 * What the onboarding activity projection keeps (issue 13): one row per ledger stream of a
 * contractor (the contractor itself, its business profile, progress, licenses, insurance
 * policies, bank accounts and documents), with the facts the achievement rules read. The
 * contractor audit log finds a contractor's streams here, removed items included. Rows go with
 * their contractor (erasure deletes it). Only the projection writes; a rebuild empties it.
 *
 * Two more achievement definitions are seeded beside the six of `1763780020000`:
 * `fully-verified` (license, insurance policy and bank account each verified) and
 * `first-referral`. `unlocked_at` is set once: a rebuild keeps it (see the projection).
 */
export class CreateOnboardingAchievementFacts1763780026000 implements MigrationInterface {
  name = 'CreateOnboardingAchievementFacts1763780026000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE contractor_stream (
      stream_type    varchar(100) NOT NULL,
      stream_id      varchar(200) NOT NULL,
      tenant_id      uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
      contractor_id  uuid NOT NULL REFERENCES contractor (id) ON DELETE CASCADE,
      facts          jsonb NOT NULL DEFAULT '{}',
      CONSTRAINT pk_contractor_stream PRIMARY KEY (stream_type, stream_id),
      CONSTRAINT ck_contractor_stream_facts CHECK (jsonb_typeof(facts) = 'object')
    )`);
    await q.query(
      `CREATE INDEX idx_contractor_stream_contractor ON contractor_stream (contractor_id)`,
    );
    await enableTenantRls(q, 'contractor_stream');
    await grantToApp(q, 'contractor_stream');

    await q.query(`INSERT INTO achievement (id, key, title, description, category, max_progress) VALUES
      ('6f1d2c1e-0d3b-4c55-9a0e-000000000007', 'fully-verified', 'Fully verified', 'Had a license, an insurance policy and a bank account verified', 'quality', 3),
      ('6f1d2c1e-0d3b-4c55-9a0e-000000000008', 'first-referral', 'First referral', 'Referred a first contractor who signed up', 'referral', 1)
      ON CONFLICT (key) DO NOTHING`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM achievement WHERE key IN ('fully-verified', 'first-referral')`);
    await q.query(`DROP TABLE contractor_stream`);
  }
}
