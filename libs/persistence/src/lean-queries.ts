import {
  DataSource,
  QueryFailedError,
  QueryRunner,
  QueryRunnerAlreadyReleasedError,
} from 'typeorm';

/** What the lean path reads of TypeORM's PostgresQueryRunner (public in JS, protected in types). */
interface RunnerInternals {
  isReleased: boolean;
  databaseConnection: PgConnectionLike | undefined;
  connect(): Promise<PgConnectionLike>;
  query: Query;
}
interface PgConnectionLike {
  query(text: string, values?: unknown[]): Promise<PgResultLike>;
}
interface PgResultLike {
  command?: string;
  rows?: unknown[];
  rowCount?: number | null;
}
type Query = (
  this: RunnerInternals,
  query: string,
  parameters?: unknown[],
  useStructuredResult?: boolean,
) => Promise<unknown>;

/**
 * TypeORM's `PostgresQueryRunner.query` around each statement: an `await` for the connection
 * it already holds, an awaited `BeforeQuery` broadcast and an after-query broadcast to the
 * entity subscribers, two clock reads for the slow-query log, a `QueryResult` made and
 * dropped. With no subscriber, no slow-query threshold and the statement log off, none of it
 * does anything, and this is what is left: the statement on the runner's connection, its
 * failure as TypeORM's `QueryFailedError` (the database error mapping reads it), the answer
 * in TypeORM's shape (rows; `[rows, count]` for UPDATE and DELETE). A structured result
 * (TypeORM's query builders ask for it) still goes through TypeORM's own method.
 */
function leanQuery(original: Query, logError: (error: unknown, query: string) => void): Query {
  return async function (
    this: RunnerInternals,
    query: string,
    parameters?: unknown[],
    useStructuredResult = false,
  ) {
    if (useStructuredResult) return original.call(this, query, parameters, true);
    if (this.isReleased) throw new QueryRunnerAlreadyReleasedError();
    const connection = this.databaseConnection ?? (await this.connect());
    let raw: PgResultLike;
    try {
      raw = await connection.query(query, parameters);
    } catch (error) {
      logError(error, query);
      throw new QueryFailedError(query, parameters, error as Error);
    }
    return raw.command === 'UPDATE' || raw.command === 'DELETE'
      ? [raw.rows, raw.rowCount]
      : raw.rows;
  };
}

/**
 * Gives every query runner of the data source the lean `query` when nothing TypeORM does around
 * a statement is in use (no entity subscriber, no slow-query threshold, statements not logged);
 * otherwise leaves TypeORM as it is.
 */
export function leanQueriesOf(dataSource: DataSource, statementsLogged: boolean): boolean {
  if (
    statementsLogged ||
    dataSource.subscribers.length > 0 ||
    (dataSource.options as { maxQueryExecutionTime?: number }).maxQueryExecutionTime
  )
    return false;
  const driver = dataSource.driver as unknown as {
    createQueryRunner(mode: 'master' | 'slave'): QueryRunner;
  };
  const create = driver.createQueryRunner.bind(driver) as (mode: 'master' | 'slave') => QueryRunner;
  const logError = (error: unknown, query: string): void => {
    dataSource.logger.logQueryError(error as Error, query);
  };
  let lean: Query | undefined;
  driver.createQueryRunner = (mode) => {
    const runner = create(mode) as unknown as RunnerInternals;
    lean ??= leanQuery((Object.getPrototypeOf(runner) as RunnerInternals).query, logError);
    runner.query = lean;
    return runner as unknown as QueryRunner;
  };
  return true;
}
