import { MigrationInterface, QueryRunner } from 'typeorm';
import { APP_ROLE, grantToApp } from './migration-helpers';

/** The suspension of the bulk load (1763780030400) over these tables. */
const suspendSearchIndexes = (
  tables: string[],
) => `CREATE OR REPLACE FUNCTION portfolio_suspend_search_indexes(max_profiles bigint) RETURNS boolean
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
             WHERE i.indrelid IN (${tables.map((t) => `'${t}'::regclass`).join(', ')})
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
      END $$`;

const analyzeProfiles = (
  tables: string[],
) => `CREATE OR REPLACE FUNCTION portfolio_analyze_profiles() RETURNS void
      LANGUAGE sql SECURITY DEFINER SET search_path = public AS
      $$ ${tables.map((t) => `ANALYZE ${t}`).join('; ')} $$`;

const TABLES = ['contractor_profiles', 'contractors'];
const ANALYZED = ['contractor_profiles', 'contractor_profile_words'];

/**
 * Ranked name search served by an index (issue 14, docs/decisions.md "Issue 14: name search
 * ranked by the words a name holds"):
 *
 * - `contractor_profile_name_words` holds each word (without digits) of each profile's name
 *   with the profile's id, and the btree `(word, profile_id)` lists the names holding a word in
 *   id order. The names holding every word of a combination of corrections (`pinnacle`,
 *   `aerospace`) come from a merge of those lists, newest first, and the walk stops at the
 *   page's end instead of reading every name that holds the words. The import keeps it (one
 *   statement per batch, as the vocabulary); its index is set aside with the other search
 *   indexes during a bulk load, and analyzed with the profiles.
 * - `portfolio_name_corrections(q, per_word)`: each word of `q` in the query's order with the
 *   vocabulary words it is close to (pg_trgm `<%` at word similarity 0.45, the reader's
 *   `NAME_THRESHOLD`), closest first. The threshold is the function's own setting, so a read
 *   needs no `set_config` (and no explicit transaction) before it.
 */
export class IndexContractorProfileNameWords1763780030500 implements MigrationInterface {
  name = 'IndexContractorProfileNameWords1763780030500';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE contractor_profile_name_words (
      word        text NOT NULL,
      profile_id  uuid NOT NULL
    )`);
    await q.query(`INSERT INTO contractor_profile_name_words (word, profile_id)
      SELECT w, p.id FROM contractor_profiles p, unnest(tsvector_to_array(to_tsvector('simple', p.name))) w
       WHERE w !~ '[0-9]'`);
    await q.query(
      `CREATE INDEX idx_profile_name_words ON contractor_profile_name_words (word, profile_id)`,
    );
    await q.query(`ALTER TABLE contractor_profile_name_words ENABLE ROW LEVEL SECURITY`);
    await q.query(`ALTER TABLE contractor_profile_name_words FORCE ROW LEVEL SECURITY`);
    await q.query(`CREATE POLICY contractor_profile_name_words_import ON contractor_profile_name_words
      USING (current_setting('app.scope', true) = 'system')
      WITH CHECK (current_setting('app.scope', true) = 'system')`);
    await q.query(
      `CREATE POLICY contractor_profile_name_words_read ON contractor_profile_name_words FOR SELECT USING (true)`,
    );
    await grantToApp(q, 'contractor_profile_name_words', 'SELECT, INSERT, DELETE');

    await q.query(suspendSearchIndexes([...TABLES, 'contractor_profile_name_words']));
    await q.query(analyzeProfiles([...ANALYZED, 'contractor_profile_name_words']));

    await q.query(`CREATE FUNCTION portfolio_name_corrections(q text, per_word int)
      RETURNS TABLE (term text, words text[])
      LANGUAGE sql STABLE SET search_path = public SET pg_trgm.word_similarity_threshold = 0.45 AS $$
        SELECT t.lexeme, CASE WHEN t.lexeme ~ '[0-9]' THEN '{}'::text[] ELSE ARRAY(
                 SELECT w.word FROM contractor_profile_words w WHERE t.lexeme <% w.word
                  ORDER BY t.lexeme <<-> w.word, w.word LIMIT per_word) END
          FROM unnest(to_tsvector('simple', q)) AS t
         ORDER BY t.positions[1]
      $$`);
    await q.query(`REVOKE ALL ON FUNCTION portfolio_name_corrections(text, int) FROM PUBLIC`);
    await q.query(`GRANT EXECUTE ON FUNCTION portfolio_name_corrections(text, int) TO ${APP_ROLE}`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION portfolio_name_corrections(text, int)`);
    await q.query(analyzeProfiles(ANALYZED));
    await q.query(suspendSearchIndexes(TABLES));
    await q.query(`DELETE FROM portfolio_suspended_indexes WHERE name = 'idx_profile_name_words'`);
    await q.query(`DROP TABLE contractor_profile_name_words`);
  }
}
