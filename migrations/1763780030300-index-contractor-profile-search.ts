import { MigrationInterface, QueryRunner } from 'typeorm';
import { APP_ROLE, grantToApp } from './migration-helpers';

/**
 * Profile search over a million profiles (issue 14, docs/performance.md "Portfolio"):
 *
 * - Name search corrects each word of the query against `contractor_profile_words`, the
 *   distinct words of every name (a few thousand rows, trigram GIN: pg_trgm's "words table"
 *   technique), then finds the names holding a correction of every word through a GIN on
 *   the name's words (`to_tsvector('simple', name)`). That GIN replaces the trigram GIN on
 *   the whole name, whose common trigrams (`LLC`, ` a`) matched most rows.
 * - Sorted lists walk a btree in their order and stop at the page's end: `(name, id)` for a
 *   frequent business type and for no filter at all, `(state, name, id, naics_code)` for a
 *   state with a NAICS prefix (checked in the index, no heap visit for a miss). The latter
 *   serves a state alone and a state with a NAICS prefix (facet counts), so the `(state)`
 *   and `(state, naics_code)` indexes go: fewer indexes for the import to keep.
 * - The planner weighs those walks against a bitmap scan by the share of rows a business type
 *   matches: a larger sample of `business_types` (whole arrays are its common values).
 * - `portfolio_analyze_profiles()` lets the importer refresh the statistics after an import
 *   (only the owner may ANALYZE).
 */
export class IndexContractorProfileSearch1763780030300 implements MigrationInterface {
  name = 'IndexContractorProfileSearch1763780030300';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE contractor_profile_words (word text PRIMARY KEY)`);
    await q.query(
      `CREATE INDEX idx_profile_words_trgm ON contractor_profile_words USING gin (word gin_trgm_ops)`,
    );
    await q.query(`INSERT INTO contractor_profile_words (word)
      SELECT DISTINCT w FROM contractor_profiles, unnest(tsvector_to_array(to_tsvector('simple', name))) w
       WHERE w !~ '[0-9]'`);
    await q.query(`ALTER TABLE contractor_profile_words ENABLE ROW LEVEL SECURITY`);
    await q.query(`ALTER TABLE contractor_profile_words FORCE ROW LEVEL SECURITY`);
    await q.query(`CREATE POLICY contractor_profile_words_import ON contractor_profile_words
      USING (current_setting('app.scope', true) = 'system')
      WITH CHECK (current_setting('app.scope', true) = 'system')`);
    await q.query(
      `CREATE POLICY contractor_profile_words_read ON contractor_profile_words FOR SELECT USING (true)`,
    );
    await grantToApp(q, 'contractor_profile_words', 'SELECT, INSERT');

    await q.query(`DROP INDEX idx_profiles_name`);
    await q.query(
      `CREATE INDEX idx_profiles_name ON contractor_profiles USING gin (to_tsvector('simple', name))`,
    );
    await q.query(`CREATE INDEX idx_profiles_name_id ON contractor_profiles (name, id)`);
    await q.query(`DROP INDEX idx_profiles_state`);
    await q.query(`DROP INDEX idx_profiles_state_naics`);
    await q.query(
      `CREATE INDEX idx_profiles_state_name ON contractor_profiles (state, name, id, naics_code varchar_pattern_ops)`,
    );
    await q.query(`ALTER TABLE contractor_profiles ALTER COLUMN business_types SET STATISTICS 500`);

    await q.query(`CREATE FUNCTION portfolio_analyze_profiles() RETURNS void
      LANGUAGE sql SECURITY DEFINER SET search_path = public AS
      $$ ANALYZE contractor_profiles; ANALYZE contractor_profile_words $$`);
    await q.query(`REVOKE ALL ON FUNCTION portfolio_analyze_profiles() FROM PUBLIC`);
    await q.query(`GRANT EXECUTE ON FUNCTION portfolio_analyze_profiles() TO ${APP_ROLE}`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION portfolio_analyze_profiles()`);
    await q.query(`ALTER TABLE contractor_profiles ALTER COLUMN business_types SET STATISTICS -1`);
    await q.query(`DROP INDEX idx_profiles_state_name`);
    await q.query(`CREATE INDEX idx_profiles_state ON contractor_profiles (state)`);
    await q.query(
      `CREATE INDEX idx_profiles_state_naics ON contractor_profiles (state, naics_code varchar_pattern_ops)`,
    );
    await q.query(`DROP INDEX idx_profiles_name_id`);
    await q.query(`DROP INDEX idx_profiles_name`);
    await q.query(
      `CREATE INDEX idx_profiles_name ON contractor_profiles USING gin (name gin_trgm_ops)`,
    );
    await q.query(`DROP TABLE contractor_profile_words`);
  }
}
