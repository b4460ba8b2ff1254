import { MigrationInterface, QueryRunner } from 'typeorm';
import { APP_ROLE } from './migration-helpers';

/**
 * One data key per data subject, kept outside the ledger and wrapped by the data key ring:
 * the key that personal values in ledger events are encrypted under. Erasure shreds it (the
 * wrapped key becomes NULL, `erased_at` records when) and nothing may bring it back: a
 * trigger refuses, for every role, any update but shredding a live key and any delete (the
 * row stays as the record that the subject was erased). The application role may read,
 * insert and shred (UPDATE on the two columns shredding sets), never delete.
 *
 * A subject erased before it ever had a key gets a row born shredded, so that anything written
 * about it later is sealed under a key nobody keeps.
 *
 * `subject_kind`: `person` (a user, a customer, a technician…), `alias` (a person named by a
 * login or email rather than an id) or `period` (the monthly key of anonymous requests'
 * addresses, which a retention rule shreds).
 */
export class CreatePersonalDataKeys1763780008000 implements MigrationInterface {
  name = 'CreatePersonalDataKeys1763780008000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE personal_data_keys (
      subject_id    uuid PRIMARY KEY,
      subject_kind  varchar(10) NOT NULL
                      CONSTRAINT ck_personal_data_keys_kind CHECK (subject_kind IN ('person', 'alias', 'period')),
      key_id        varchar(100),
      wrapped_key   bytea,
      created_at    timestamptz NOT NULL DEFAULT now(),
      erased_at     timestamptz,
      CONSTRAINT ck_personal_data_keys_shredded CHECK ((erased_at IS NULL) = (wrapped_key IS NOT NULL)),
      CONSTRAINT ck_personal_data_keys_wrapped_by CHECK (wrapped_key IS NULL OR key_id IS NOT NULL)
    )`);
    await q.query(
      `CREATE INDEX idx_personal_data_keys_live ON personal_data_keys (subject_kind, created_at) WHERE erased_at IS NULL`,
    );
    await q.query(`CREATE FUNCTION personal_data_keys_guard() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP IN ('DELETE', 'TRUNCATE') THEN
          RAISE EXCEPTION 'personal_data_keys rows are never deleted' USING ERRCODE = '42501';
        END IF;
        IF OLD.erased_at IS NOT NULL THEN
          RAISE EXCEPTION 'a shredded data key cannot be restored' USING ERRCODE = '42501';
        END IF;
        IF NEW.subject_id IS DISTINCT FROM OLD.subject_id OR NEW.subject_kind IS DISTINCT FROM OLD.subject_kind
           OR NEW.key_id IS DISTINCT FROM OLD.key_id OR NEW.created_at IS DISTINCT FROM OLD.created_at
           OR NEW.wrapped_key IS NOT NULL THEN
          RAISE EXCEPTION 'a data key can only be shredded' USING ERRCODE = '42501';
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`CREATE TRIGGER personal_data_keys_guard BEFORE UPDATE OR DELETE ON personal_data_keys
      FOR EACH ROW EXECUTE FUNCTION personal_data_keys_guard()`);
    await q.query(`CREATE TRIGGER personal_data_keys_no_truncate BEFORE TRUNCATE ON personal_data_keys
      FOR EACH STATEMENT EXECUTE FUNCTION personal_data_keys_guard()`);
    await q.query(`REVOKE ALL ON TABLE personal_data_keys FROM PUBLIC`);
    await q.query(`GRANT SELECT, INSERT ON TABLE personal_data_keys TO ${APP_ROLE}`);
    await q.query(
      `GRANT UPDATE (wrapped_key, erased_at) ON TABLE personal_data_keys TO ${APP_ROLE}`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE personal_data_keys`);
    await q.query(`DROP FUNCTION personal_data_keys_guard()`);
  }
}
