import { MigrationInterface, QueryRunner } from 'typeorm';
import { APP_ROLE } from './migration-helpers';

/**
 * Profile search and import at a million profiles (issue 14, docs/performance.md "Portfolio"):
 *
 * - `sort=totalContractValue` and `sort=registrationDate` walk a btree on their sort key (the
 *   reader's `coalesce` expression, then `id` for the keyset cursor) and stop at the page's
 *   end instead of sorting the whole match.
 * - An import into an empty or near-empty profile table suspends the indexes that only serve
 *   search (every non-unique, non-partial index of `contractor_profiles` and `contractors`) and
 *   builds them again at its end: one `CREATE INDEX` per index is much cheaper than a million
 *   incremental inserts into each (three of them GIN). The unique indexes the import's upserts
 *   and its idempotency rely on stay. Each suspended index's definition is kept in
 *   `portfolio_suspended_indexes` in the transaction that drops it, so an import that crashed
 *   leaves the definitions behind and the next import to finish (a resume) builds them.
 *   Only the owner may drop and create indexes: two SECURITY DEFINER functions do it for the
 *   importer.
 * - Name search tells a query of very common words (`llc`) from one it can rank by the share
 *   of names holding each word: the name index's statistics, which only the owner may read
 *   (`pg_stats` hides an index's rows from a role without privileges on it), hence
 *   `portfolio_common_name_words()`.
 */
export class IndexContractorProfileSortsAndBulkLoad1763780030400 implements MigrationInterface {
  name = 'IndexContractorProfileSortsAndBulkLoad1763780030400';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX idx_profiles_total_value ON contractor_profiles ((coalesce(total_contract_value, -1)), id)`,
    );
    await q.query(
      `CREATE INDEX idx_profiles_registration_date ON contractor_profiles ((coalesce(registration_date, '0001-01-01'::date)), id)`,
    );

    // the owner's alone: the application role has no privilege on it
    await q.query(`CREATE TABLE portfolio_suspended_indexes (
      name          text PRIMARY KEY,
      definition    text NOT NULL,
      suspended_at  timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE FUNCTION portfolio_suspend_search_indexes(max_profiles bigint) RETURNS boolean
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
      DECLARE
        ix record;
      BEGIN
        IF (SELECT count(*) FROM (SELECT 1 FROM contractor_profiles LIMIT max_profiles + 1) s) <= max_profiles THEN
          -- searches running hold the table: rather than wait for them, load with the indexes
          PERFORM set_config('lock_timeout', '1s', true);
          FOR ix IN
            SELECT c.relname AS name, pg_get_indexdef(i.indexrelid) AS definition
              FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
             WHERE i.indrelid IN ('contractor_profiles'::regclass, 'contractors'::regclass)
               AND NOT i.indisunique AND NOT i.indisprimary AND i.indpred IS NULL
          LOOP
            INSERT INTO portfolio_suspended_indexes (name, definition)
            VALUES (ix.name, ix.definition) ON CONFLICT (name) DO NOTHING;
            EXECUTE format('DROP INDEX %I', ix.name);
          END LOOP;
        END IF;
        RETURN EXISTS (SELECT 1 FROM portfolio_suspended_indexes);
      EXCEPTION WHEN lock_not_available THEN
        -- nothing of this call was kept (the block is a subtransaction)
        RETURN EXISTS (SELECT 1 FROM portfolio_suspended_indexes);
      END $$`);
    // one index a call, so each statement stays within the pool's statement timeout (the
    // largest, the name's GIN, takes about 5 s at a million profiles)
    await q.query(`CREATE FUNCTION portfolio_restore_search_index() RETURNS text
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
      DECLARE
        ix record;
      BEGIN
        PERFORM set_config('maintenance_work_mem', '256MB', true);
        DELETE FROM portfolio_suspended_indexes
         WHERE name = (SELECT min(name) FROM portfolio_suspended_indexes)
        RETURNING name, definition INTO ix;
        IF NOT FOUND THEN
          RETURN NULL;
        END IF;
        IF to_regclass(ix.name) IS NULL THEN
          EXECUTE ix.definition;
        END IF;
        RETURN ix.name;
      END $$`);
    await q.query(`CREATE FUNCTION portfolio_common_name_words() RETURNS TABLE (word text, share float8)
      LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
        SELECT e.word, e.share::float8
          FROM pg_stats s,
               unnest(s.most_common_elems::text::text[], s.most_common_elem_freqs) AS e(word, share)
         WHERE s.schemaname = current_schema() AND s.tablename = 'idx_profiles_name'
           AND e.word IS NOT NULL
      $$`);
    for (const fn of [
      'portfolio_suspend_search_indexes(bigint)',
      'portfolio_restore_search_index()',
      'portfolio_common_name_words()',
    ]) {
      await q.query(`REVOKE ALL ON FUNCTION ${fn} FROM PUBLIC`);
      await q.query(`GRANT EXECUTE ON FUNCTION ${fn} TO ${APP_ROLE}`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION portfolio_common_name_words()`);
    await q.query(
      `DO $$ BEGIN WHILE portfolio_restore_search_index() IS NOT NULL LOOP END LOOP; END $$`,
    );
    await q.query(`DROP FUNCTION portfolio_restore_search_index()`);
    await q.query(`DROP FUNCTION portfolio_suspend_search_indexes(bigint)`);
    await q.query(`DROP TABLE portfolio_suspended_indexes`);
    await q.query(`DROP INDEX idx_profiles_registration_date`);
    await q.query(`DROP INDEX idx_profiles_total_value`);
  }
}
