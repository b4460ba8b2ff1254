import { MigrationInterface, QueryRunner } from 'typeorm';

const restore = (
  pick: string,
) => `CREATE OR REPLACE FUNCTION portfolio_restore_search_index() RETURNS text
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
      DECLARE
        ix record;
      BEGIN
        PERFORM set_config('maintenance_work_mem', '256MB', true);
        ${pick}
        IF NOT FOUND THEN
          RETURN NULL;
        END IF;
        IF to_regclass(ix.name) IS NULL THEN
          EXECUTE ix.definition;
        END IF;
        RETURN ix.name;
      END $$`;

/**
 * The indexes a bulk load set aside (1763780030400) are built side by side (issue 14,
 * docs/decisions.md "Issue 14: the suspended indexes built side by side"): a call takes the
 * first suspended index no other transaction is building (`SKIP LOCKED`) instead of waiting
 * for the one another builder holds, so the importer's builders, each in its own transaction,
 * share the list. `NULL` now means "none left that nobody else is building"; a caller that
 * needs every index built waits for the other builders (or calls again after they commit).
 * A `CREATE INDEX` takes a SHARE lock on its table, which two builds on one table both hold.
 */
export class RestoreSearchIndexesSideBySide1763780030600 implements MigrationInterface {
  name = 'RestoreSearchIndexesSideBySide1763780030600';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      restore(`SELECT name, definition INTO ix FROM portfolio_suspended_indexes
          ORDER BY name LIMIT 1 FOR UPDATE SKIP LOCKED;
        IF FOUND THEN
          DELETE FROM portfolio_suspended_indexes WHERE name = ix.name;
        END IF;`),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      restore(`DELETE FROM portfolio_suspended_indexes
         WHERE name = (SELECT min(name) FROM portfolio_suspended_indexes)
        RETURNING name, definition INTO ix;`),
    );
  }
}
