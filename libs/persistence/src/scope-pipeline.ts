import * as pg from 'pg';
import { Query } from 'pg';
import { DescribedResult, describeRows, FieldDescription } from './row-shapes';

/**
 * A statement sent ahead of a unit of work's statement, in the same write and the same
 * round trip (PostgreSQL's extended protocol runs every Execute before one Sync in one
 * transaction, so a transaction-local setting made by the first is in force for the next).
 */
export interface ScopeStatement {
  /** A named prepared statement: parsed once per connection, then only bound and executed. */
  readonly name: string;
  readonly text: string;
  readonly values: ReadonlyArray<string | null>;
}

/**
 * A write nobody reads the answer of, sent ahead of the unit of work's next statement or its
 * COMMIT, in that round trip (`Db.writeBehind`). It must fail by itself when it cannot do its
 * work (a guard such as `expect_written`).
 */
export interface DeferredWrite extends ScopeStatement {
  /** Records why the unit of work fails; answers the error the carrying statement reports. */
  failed(error: Error): Error;
}

/**
 * How a unit of work's statements carry its row-level-security scope. Set on the pooled
 * connection while the unit of work holds it; `installScopePipeline` routes every statement
 * of that connection through it.
 *
 * - `each` (read-only units of work): every statement travels with the scope statement in one
 *   round trip and runs in its own implicit transaction. READ COMMITTED gives each statement of
 *   an explicit transaction its own snapshot anyway, so nothing is lost, and a read is one
 *   round trip instead of three (BEGIN with the scope, the statement, COMMIT).
 * - `first` (read-write units of work): the first statement travels with `BEGIN` and the scope;
 *   the transaction stays open for the rest and ends with COMMIT or ROLLBACK as before.
 *
 * A statement that cannot be sent that way (several statements in one text, a streaming
 * submittable, a transaction-local setting in a read-only unit of work) opens the explicit transaction first (`fallback`, as a simple query) and every
 * later statement runs in it, so no statement ever runs without the scope.
 */
export class ScopePipeline {
  /** An explicit transaction is open on the connection: statements need no prefix any more. */
  transactionOpen = false;
  /** Set when a fallback's opening statement failed: the unit of work must not commit. */
  failure: Error | undefined;
  /** Statements to send after the next one, in its round trip (see `Db.alongsideNext`). */
  readonly companions: Companion[] = [];
  /** Writes to send ahead of the next statement or the COMMIT (see `Db.writeBehind`). */
  readonly deferred: DeferredWrite[] = [];
  /** Why a deferred write failed: the unit of work fails with it, whoever carried the write. */
  deferredFailure: Error | undefined;

  constructor(
    readonly mode: 'each' | 'first',
    /** The statements to send ahead, with the scope in force now. */
    readonly prefix: () => ScopeStatement[],
    /** One simple query opening the explicit transaction with the scope in force now. */
    readonly fallback: () => string,
  ) {}
}

/**
 * A statement that rides after the next statement of the unit of work, in the same write and
 * round trip: it runs after that statement, in the same transaction. Settled when that round
 * trip ends: with its rows, or with the error that stopped the pipeline before it.
 */
export interface Companion {
  readonly text: string;
  readonly values: ReadonlyArray<string | number | null>;
  /** Whether it has been written (then it settles with its round trip). */
  sent: boolean;
  settle(error: Error | undefined, rows?: unknown[]): void;
}

type QueryFn = (...args: unknown[]) => unknown;
interface PgConnection {
  parsedStatements: Record<string, string | undefined>;
  stream: { cork?: () => void; uncork?: () => void };
  bind(config: { statement: string; values: ReadonlyArray<string | null> }): void;
  describe(config: { type: 'P'; name: string }): void;
  execute(config: { portal: string; rows?: number }): void;
  sync(): void;
}
interface QueryHandlers {
  _result: { _types: unknown };
  submit(connection: PgConnection): Error | null;
  handleRowDescription(message: unknown): void;
  handleDataRow(message: unknown): void;
  handleCommandComplete(message: unknown, connection: PgConnection): void;
  handleError(error: unknown, connection: PgConnection): void;
  handleReadyForQuery(connection: PgConnection): void;
  _getRows(connection: PgConnection, rows: number | undefined): void;
}
interface PgResult {
  rows: unknown[];
  addFields(fields: unknown): void;
  parseRow(fields: unknown): unknown;
  addRow(row: unknown): void;
}
const Result = (pg as unknown as { Result: new (rowMode: undefined, types: unknown) => PgResult })
  .Result;
export interface PipelinedClient {
  query: QueryFn;
  connection: PgConnection;
  [PIPELINE]?: ScopePipeline;
}
interface QueryResultLike {
  rows: unknown[];
}

const PIPELINE = Symbol('opsledger.scopePipeline');

/**
 * A pg query whose submission writes, in one corked write and before one Sync: the prefix
 * statements' Bind and Execute, its own Parse/Bind/Describe/Execute, then each companion's
 * Bind/Describe/Execute in order. The prefix statements answer BindComplete, one DataRow and
 * CommandComplete each (no Describe is sent for them): consumed here. After the query's own
 * CommandComplete, each companion's rows go to a result of its own, in the order they were
 * sent. If any statement fails, PostgreSQL skips everything up to the Sync and the error
 * reaches the query (and every companion sent).
 */
class PipelinedQuery extends (Query as unknown as new (config: object) => QueryHandlers) {
  private pending: number;
  private readonly sent: Companion[] = [];
  /** The statement name of each companion sent, in order (its answer's row shape is kept). */
  private readonly sentNames: string[] = [];
  private readonly results: PgResult[] = [];
  /** Whose answer is arriving: -1 the query's own, i the i-th companion sent. */
  private answering = -1;

  constructor(
    private readonly prefix: readonly ScopeStatement[],
    private readonly companions: ReadonlyArray<{ companion: Companion; name: string | undefined }>,
    config: object,
  ) {
    super(config);
    this.pending = prefix.length;
  }

  override submit(connection: PgConnection): Error | null {
    connection.stream.cork?.();
    try {
      for (const statement of this.prefix) {
        connection.bind({ statement: statement.name, values: statement.values });
        connection.execute({ portal: '' });
      }
      return super.submit(connection);
    } finally {
      connection.stream.uncork?.();
    }
  }

  /**
   * Called by pg's Query after its own Execute: the companions go before the Sync. Only a
   * companion this connection has prepared rides along (a Parse that fails mid-pipeline would
   * leave pg's bookkeeping of prepared statements wrong); another is left unsent, and its
   * owner runs it alone (which prepares it for the next time).
   */
  override _getRows(connection: PgConnection, rows: number | undefined): void {
    const ready = rows
      ? []
      : this.companions.filter(
          ({ name }) => name !== undefined && connection.parsedStatements[name] !== undefined,
        );
    if (ready.length === 0) return super._getRows(connection, rows);
    connection.execute({ portal: '' });
    for (const { companion, name } of ready) {
      connection.bind({
        statement: name!,
        values: companion.values.map((v) => (v === null ? null : String(v))),
      });
      connection.describe({ type: 'P', name: '' });
      connection.execute({ portal: '' });
      companion.sent = true;
      this.sent.push(companion);
      this.sentNames.push(name!);
    }
    connection.sync();
  }

  override handleRowDescription(message: unknown): void {
    if (this.answering < 0) return super.handleRowDescription(message);
    const result = new Result(undefined, this._result._types);
    describeRows(
      result as unknown as DescribedResult,
      this.sentNames[this.answering],
      (message as { fields: FieldDescription[] }).fields,
    );
    this.results[this.answering] = result;
  }

  override handleDataRow(message: unknown): void {
    if (this.pending > 0) return;
    if (this.answering < 0) return super.handleDataRow(message);
    const result = this.results[this.answering];
    result?.addRow(result.parseRow((message as { fields: unknown }).fields));
  }

  override handleCommandComplete(message: unknown, connection: PgConnection): void {
    if (this.pending > 0) this.pending -= 1;
    else if (this.answering < 0) {
      super.handleCommandComplete(message, connection);
      if (this.sent.length > 0) this.answering = 0;
    } else this.answering += 1;
  }

  override handleError(error: unknown, connection: PgConnection): void {
    const cause = error instanceof Error ? error : new Error(String(error));
    // a statement sent ahead failed: a deferred write reports its own failure
    const failing = this.pending > 0 ? this.prefix[this.prefix.length - this.pending] : undefined;
    const reported =
      failing && 'failed' in failing ? (failing as DeferredWrite).failed(cause) : cause;
    for (const companion of this.sent) companion.settle(reported);
    super.handleError(reported, connection);
  }

  override handleReadyForQuery(connection: PgConnection): void {
    this.sent.forEach((companion, i) => companion.settle(undefined, this.results[i]?.rows ?? []));
    super.handleReadyForQuery(connection);
  }
}

/** Gives the connection to a unit of work's pipeline until `detachScopePipeline`. */
export function attachScopePipeline(client: object, pipeline: ScopePipeline): void {
  (client as PipelinedClient)[PIPELINE] = pipeline;
}

export function detachScopePipeline(client: object): void {
  delete (client as PipelinedClient)[PIPELINE];
}

/**
 * A statement that sets something for the rest of the transaction (`SET LOCAL`, `set_config`)
 * would lose it with its implicit transaction: in a read-only unit of work it opens the
 * explicit one, so its setting holds for the statements after it, as it did before.
 */
const SETS_LOCAL = /\bSET\s+LOCAL\b|\bset_config\s*\(/i;

/** Several statements in one parameterless text cannot go through the extended protocol. */
function isSingleStatement(text: string): boolean {
  const end = text.trimEnd();
  const semicolon = end.indexOf(';');
  return semicolon === -1 || semicolon === end.length - 1;
}

/**
 * Wraps the connection's `query` (already wrapped for prepared statements, as `query`) so
 * that, while a unit of work's pipeline is attached, every statement carries its scope.
 */
export function installScopePipeline(
  client: PipelinedClient,
  query: QueryFn,
  statementName: (text: string) => string | undefined,
): QueryFn {
  return (config: unknown, values?: unknown, ...rest: unknown[]) => {
    const pipeline = client[PIPELINE];
    if (pipeline === undefined) return query(config, values, ...rest);
    const plain =
      typeof config === 'string' &&
      (values === undefined || Array.isArray(values)) &&
      rest.length === 0 &&
      (Array.isArray(values) && values.length > 0 ? true : isSingleStatement(config));
    if (pipeline.transactionOpen) {
      const deferred = pipeline.deferred.splice(0);
      if (plain && (deferred.length > 0 || pipeline.companions.length > 0))
        return send(query, statementName, pipeline, deferred, config, (values as unknown[]) ?? []);
      // Anything else after deferred writes: they go first, one statement each, in order.
      for (const write of deferred)
        (
          query({ name: write.name, text: write.text, values: write.values }) as Promise<unknown>
        ).catch((error: unknown) =>
          write.failed(error instanceof Error ? error : new Error(String(error))),
        );
      return query(config, values, ...rest);
    }
    if (plain && !(pipeline.mode === 'each' && SETS_LOCAL.test(config as string)))
      return sendWithScope(
        query,
        statementName,
        pipeline,
        config as string,
        (values as unknown[] | undefined) ?? [],
      );
    // Anything else (a stream, several statements, a callback) runs inside an explicit
    // transaction opened first; both are queued now, so a submittable keeps its own return value.
    pipeline.transactionOpen = true;
    (query(pipeline.fallback()) as Promise<unknown>).catch((error: unknown) => {
      pipeline.failure ??= error instanceof Error ? error : new Error(String(error));
    });
    return query(config, values, ...rest);
  };
}

function sendWithScope(
  query: QueryFn,
  statementName: (text: string) => string | undefined,
  pipeline: ScopePipeline,
  text: string,
  values: unknown[],
): Promise<QueryResultLike> {
  const prefix = pipeline.prefix();
  // From here on the explicit transaction (BEGIN is in this round trip) carries the scope.
  if (pipeline.mode === 'first') pipeline.transactionOpen = true;
  return send(query, statementName, pipeline, prefix, text, values);
}

function send(
  query: QueryFn,
  statementName: (text: string) => string | undefined,
  pipeline: ScopePipeline,
  prefix: readonly ScopeStatement[],
  text: string,
  values: unknown[],
): Promise<QueryResultLike> {
  const companions = pipeline.companions
    .splice(0)
    .map((companion) => ({ companion, name: statementName(companion.text) }));
  return new Promise<QueryResultLike>((resolve, reject) => {
    query(
      new PipelinedQuery(prefix, companions, {
        text,
        values,
        name: statementName(text),
        queryMode: 'extended',
        callback: (error: unknown, result: QueryResultLike) =>
          error ? reject(error as Error) : resolve(result),
      }),
    );
  });
}

/**
 * Whether the connection has prepared every scope statement (`Db` prepares them once per
 * connection, before it attaches a pipeline: a prefix is only ever bound and executed).
 */
export function preparedOn(client: object, names: readonly string[]): boolean {
  const parsed = (client as PipelinedClient).connection?.parsedStatements;
  return parsed !== undefined && names.every((name) => parsed[name] !== undefined);
}
