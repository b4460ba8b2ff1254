import { MigrationInterface, QueryRunner } from 'typeorm';
import { grantToApp } from './migration-helpers';

/**
 * What a verification of the ledger found intact, per seal, so that the default
 * `/audit/verify` need not walk that seal's events again. A row is written only by a
 * verification that walked every event of the seal's range and found it intact; it binds the
 * seal (id, digest), the number of events and a fingerprint of their stored row versions, under
 * a MAC with the ledger key the database never sees: a row forged or altered by whoever holds
 * only the database fails its MAC and is reported. Deleting a row only makes the next
 * verification walk the seal again. A seal deleted (by tampering) takes its row with it.
 */
export class CreateLedgerVerifications1763780019100 implements MigrationInterface {
  name = 'CreateLedgerVerifications1763780019100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE ledger_verifications (
      seal_id          uuid PRIMARY KEY REFERENCES event_seals (id) ON DELETE CASCADE,
      seal_digest      char(64) NOT NULL,
      event_count      integer NOT NULL CHECK (event_count > 0),
      rows_fingerprint char(64) NOT NULL,
      verified_at      timestamptz NOT NULL,
      mac              char(64) NOT NULL,
      mac_key_id       varchar(100) NOT NULL
    )`);
    // Platform data without a tenant, read and written in system scope only, like the seals.
    await q.query(`REVOKE ALL ON TABLE ledger_verifications FROM PUBLIC`);
    await grantToApp(q, 'ledger_verifications');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE ledger_verifications`);
  }
}
