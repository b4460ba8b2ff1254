import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `expect_written(matched)`: a guarded write that nobody reads the answer of (one sent ahead of
 * the COMMIT, `Db.writeBehind`) cannot report "no row matched the expected version" by
 * answering a count: it fails instead, with SQLSTATE OL409, which the application reads as
 * a conflict (409) and which aborts the transaction before anything commits.
 */
export class CreateExpectWritten1763780019200 implements MigrationInterface {
  name = 'CreateExpectWritten1763780019200';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE FUNCTION expect_written(matched bigint) RETURNS bigint
      LANGUAGE plpgsql PARALLEL SAFE AS $$
      BEGIN
        IF matched IS DISTINCT FROM 1 THEN
          RAISE EXCEPTION 'a guarded write matched % rows where it expected one', coalesce(matched, 0)
            USING ERRCODE = 'OL409', HINT = 'the row changed or went since it was read';
        END IF;
        RETURN matched;
      END $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION expect_written(bigint)`);
  }
}
