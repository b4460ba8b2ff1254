import { createTestDatabase, TestDatabase } from '@opsledger/testing';
import {
  DataSource,
  QueryFailedError,
  QueryResult,
  QueryRunnerAlreadyReleasedError,
} from 'typeorm';
import { leanQueriesOf } from './lean-queries';

describe('lean queries (real PostgreSQL)', () => {
  let database: TestDatabase;
  let dataSource: DataSource;

  beforeAll(async () => {
    database = await createTestDatabase();
    dataSource = await new DataSource({ type: 'postgres', url: database.url }).initialize();
    expect(leanQueriesOf(dataSource, false)).toBe(true);
  });
  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });

  it('answers rows, and [rows, count] for UPDATE and DELETE, as TypeORM does', async () => {
    const runner = dataSource.createQueryRunner();
    try {
      expect(Object.prototype.hasOwnProperty.call(runner, 'query')).toBe(true);
      await runner.query(`CREATE TEMP TABLE lean_rows (id int PRIMARY KEY, label text)`);
      expect(
        await runner.query(`INSERT INTO lean_rows VALUES ($1, $2), ($3, $4) RETURNING id`, [
          1,
          'a',
          2,
          'b',
        ]),
      ).toEqual([{ id: 1 }, { id: 2 }]);
      expect(await runner.query(`SELECT label FROM lean_rows WHERE id = $1`, [2])).toEqual([
        { label: 'b' },
      ]);
      expect(
        await runner.query(`UPDATE lean_rows SET label = $1 WHERE id > $2 RETURNING id`, ['z', 0]),
      ).toEqual([[{ id: 1 }, { id: 2 }], 2]);
      expect(await runner.query(`DELETE FROM lean_rows WHERE id = $1`, [1])).toEqual([[], 1]);
      // TypeORM's query builders ask for a structured result: that still comes from TypeORM.
      const structured = (await runner.query(
        `SELECT count(*)::int AS n FROM lean_rows`,
        [],
        true,
      )) as QueryResult;
      expect(structured).toBeInstanceOf(QueryResult);
      expect(structured.records).toEqual([{ n: 1 }]);
    } finally {
      await runner.release();
    }
  });

  it('fails as QueryFailedError carrying the driver error, and refuses a released runner', async () => {
    const runner = dataSource.createQueryRunner();
    await runner.query(`CREATE TEMP TABLE lean_unique (id int PRIMARY KEY)`);
    await runner.query(`INSERT INTO lean_unique VALUES ($1)`, [1]);
    const failure = await runner
      .query(`INSERT INTO lean_unique VALUES ($1)`, [1])
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(QueryFailedError);
    expect((failure as QueryFailedError & { driverError: { code: string } }).driverError.code).toBe(
      '23505',
    );
    expect((failure as QueryFailedError).query).toBe(`INSERT INTO lean_unique VALUES ($1)`);
    await runner.release();
    await expect(runner.query(`SELECT 1`)).rejects.toBeInstanceOf(QueryRunnerAlreadyReleasedError);
  });

  it('leaves TypeORM as it is when statements are logged or an entity subscriber listens', async () => {
    const logged = await new DataSource({ type: 'postgres', url: database.url }).initialize();
    try {
      expect(leanQueriesOf(logged, true)).toBe(false);
      const runner = logged.createQueryRunner();
      expect(Object.prototype.hasOwnProperty.call(runner, 'query')).toBe(false);
      await runner.release();
      logged.subscribers.push({});
      expect(leanQueriesOf(logged, false)).toBe(false);
    } finally {
      await logged.destroy();
    }
  });
});
