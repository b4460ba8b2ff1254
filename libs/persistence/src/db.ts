import { Injectable } from '@nestjs/common';
import { EventEmitter } from 'node:events';
import {
  DataSource,
  EntityManager,
  QueryRunner,
  QueryRunnerAlreadyReleasedError,
  QueryRunnerProviderAlreadyReleasedError,
} from 'typeorm';
import { DatabaseUnavailableError, isDatabaseUnavailable } from './database-errors';
import { statementName } from './prepared-statements';
import { RequestContext } from './request-context';
import { RequestScope } from './request-scope';
import {
  attachScopePipeline,
  detachScopePipeline,
  preparedOn,
  ScopePipeline,
  type Companion,
  type ScopeStatement,
} from './scope-pipeline';

// pg's own conversion of a parameter to its text form (as for every statement it sends)
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { prepareValue } = require('pg/lib/utils') as {
  prepareValue(this: void, value: unknown): string | null;
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const UNIT_OF_WORK = Symbol('db.unitOfWork');

/** The four row-level-security settings, transaction-local: tenant, user, role, scope. */
type Scope = readonly [tenantId: string, userId: string, role: string, scope: string];

const SETTINGS = `set_config('app.tenant_id', $1, true), set_config('app.user_id', $2, true),
  set_config('app.role', $3, true), set_config('app.scope', $4, true)`;
/** Sent ahead of every statement of a read-only unit of work (its own implicit transaction). */
const READ_SCOPE = `SELECT ${SETTINGS}, set_config('transaction_read_only', 'on', true)`;
/** Sent with BEGIN ahead of the first statement of a read-write unit of work. */
const WRITE_SCOPE = `SELECT ${SETTINGS}, ledger_writer_begin()`;
const BEGIN = 'BEGIN';
/** Statements that may ride along with one statement (`alongsideNext`); more run alone. */
const MAX_COMPANIONS = 4;
const SCOPE_STATEMENTS = [READ_SCOPE, WRITE_SCOPE, BEGIN].map((text) => {
  const name = statementName(text);
  if (name === undefined) throw new Error('scope statements must be nameable');
  return { text, name };
});
const [READ_SCOPE_NAME, WRITE_SCOPE_NAME, BEGIN_NAME] = SCOPE_STATEMENTS.map((s) => s.name);

interface UnitOfWork {
  runner: QueryRunner;
  /** The pooled pg client the runner holds. */
  client: object;
  readOnly: boolean;
  /** The scope in force: nested units of work under another scope switch it. */
  scope: Scope;
  /** How statements carry the scope; absent on a connection that could not prepare them. */
  pipeline: ScopePipeline | undefined;
  /** Work for after the commit; it belongs to the transaction, not to the request. */
  afterCommit: Array<() => void>;
  /**
   * Nested `transaction()` calls run under a savepoint: one that fails is undone alone, one
   * that succeeds stays, as if each had committed on its own (see `transaction`'s options).
   */
  nestedSavepoints: boolean;
  savepoints: number;
}

export interface TransactionOptions {
  /**
   * For a unit of work that wraps a whole request (the Idempotency-Key claim): every nested
   * `transaction()` runs under a savepoint, so handlers keep the semantics they have alone
   * (a failed unit undone, a completed one kept even when the handler throws after it).
   */
  nestedSavepoints?: boolean;
}

/**
 * The one way business code reaches PostgreSQL. Every unit of work is a transaction whose
 * row-level-security settings (`app.tenant_id`, `app.user_id`, `app.role`, `app.scope`) are
 * set transaction-locally from the request context, so a query that escaped the
 * application's own tenant filter still cannot see another tenant's rows.
 *
 * The scope travels with the statements (see ScopePipeline): each statement of a read-only
 * unit of work is sent with the scope statement in one round trip and one implicit
 * transaction, and the first statement of a read-write unit of work with `BEGIN` and the
 * scope; the settings are bound parameters of named prepared statements, and only a validated
 * UUID or a fixed word is ever a value. Where that is not possible (a connection that could
 * not prepare the statements, a text of several statements) the transaction opens first with
 * `BEGIN; SELECT set_config(…)` as one simple query, as before. The unit of work lives in the
 * request's scope (RequestScope), so repositories and readers reach it through `manager` without
 * passing connections around, and nested calls join it.
 */
@Injectable()
export class Db {
  constructor(
    private readonly context: RequestContext,
    private readonly requestScope: RequestScope,
    private readonly dataSource: DataSource,
  ) {}

  /** The current unit of work's manager. Outside `transaction()`/`read()` it has no RLS scope. */
  get manager(): EntityManager {
    return this.current()?.runner.manager ?? this.dataSource.manager;
  }

  get inTransaction(): boolean {
    return this.current() !== undefined;
  }

  /** Whether a read-write unit of work is open (a `transaction`, not a `read`). */
  get inReadWrite(): boolean {
    const current = this.current();
    return current !== undefined && !current.readOnly;
  }

  /** A read-write unit of work; work queued with `afterCommit` runs after its commit. */
  async transaction<T>(fn: () => Promise<T>, options: TransactionOptions = {}): Promise<T> {
    const current = this.current();
    if (current) {
      if (current.readOnly)
        throw new Error('Db.transaction() inside Db.read(): a read-only unit of work cannot write');
      return current.nestedSavepoints ? this.underSavepoint(current, fn) : this.join(current, fn);
    }
    const afterCommit: Array<() => void> = [];
    // Work queued for after a commit that did not happen never runs (the queue dies with it).
    const result = await this.unitOfWork(false, fn, afterCommit, options.nestedSavepoints ?? false);
    // Outside the unit of work's context: whatever the callbacks start cannot join it.
    for (const callback of afterCommit) callback();
    return result;
  }

  /**
   * Queues work for after the current transaction commits (publishing, nudging readers of
   * the ledger); outside a read-write unit of work it runs at once.
   */
  afterCommit(fn: () => void): void {
    const current = this.current();
    if (current && !current.readOnly) current.afterCommit.push(fn);
    else fn();
  }

  /**
   * Runs `text` right after the next statement of the current unit of work, in that
   * statement's round trip (it sees what that statement did); several ride in the order they
   * were asked, up to four. `rows()` answers its rows;
   * when no statement carried it (none followed, or the connection has not prepared it yet),
   * `rows()` runs it alone. For a read that does not depend on its own statement's result,
   * such as the ledger head an append needs after the state write it follows.
   */
  alongsideNext<T>(
    text: string,
    values: ReadonlyArray<string | number | null>,
  ): { rows(): Promise<T[]> } {
    const pipeline = this.current()?.pipeline;
    let settled: ((error: Error | undefined, rows?: unknown[]) => void) | undefined;
    const answer = new Promise<T[]>((resolve, reject) => {
      settled = (error, rows) => (error ? reject(error) : resolve((rows ?? []) as T[]));
    });
    answer.catch(() => undefined); // its error is the carrying statement's, reported there
    const companion: Companion = {
      text,
      values,
      sent: false,
      settle: (error, rows) => settled?.(error, rows),
    };
    if (pipeline && pipeline.companions.length < MAX_COMPANIONS)
      pipeline.companions.push(companion);
    return {
      rows: async () => {
        if (companion.sent) return answer;
        const waiting = pipeline?.companions.indexOf(companion) ?? -1;
        if (waiting >= 0) pipeline!.companions.splice(waiting, 1);
        return (await this.manager.query(text, [...values])) as T[];
      },
    };
  }

  /**
   * Runs a write whose answer nobody needs ahead of the unit of work's next statement, or of
   * its COMMIT, in that statement's round trip: a command whose last write goes this way
   * commits in the round trip of that write. Such a write must fail by itself when it cannot
   * do its work (a guard such as `expect_written`), since nothing reads what it answers; its
   * failure, as `failed` maps it, is the unit of work's (whichever statement carried it, the
   * unit of work fails with that error, and nothing commits). When it cannot be deferred (no
   * open read-write transaction, a connection that has not prepared it yet) it runs now.
   */
  async writeBehind(
    text: string,
    values: readonly unknown[],
    failed: (error: Error) => Error,
  ): Promise<void> {
    const current = this.current();
    const pipeline = current?.pipeline;
    const name = statementName(text);
    if (
      current === undefined ||
      current.readOnly ||
      pipeline === undefined ||
      !pipeline.transactionOpen ||
      name === undefined ||
      !preparedOn(current.client, [name])
    ) {
      try {
        await this.manager.query(text, [...values]);
      } catch (error) {
        throw failed(error instanceof Error ? error : new Error(String(error)));
      }
      return;
    }
    pipeline.deferred.push({
      name,
      text,
      values: values.map((value) => prepareValue(value)),
      failed: (error) => {
        const reported = failed(error);
        pipeline.deferredFailure ??= reported;
        return new DeferredWriteError(reported);
      },
    });
  }

  /** A read-only unit of work, for query handlers. Nested in a transaction it joins it. */
  async read<T>(fn: () => Promise<T>): Promise<T> {
    const current = this.current();
    if (current) return this.join(current, fn);
    return this.unitOfWork(true, fn, []);
  }

  /**
   * Runs fn in the open unit of work. A nested call under another scope (`asSystem`, another
   * actor) switches the transaction-local settings for fn and restores the outer ones after,
   * so joining a request's unit of work never widens or narrows what the outer code sees.
   */
  private async join<T>(current: UnitOfWork, fn: () => Promise<T>): Promise<T> {
    const scope = this.scope();
    const outer = current.scope;
    if (sameScope(scope, outer)) return fn();
    await this.switchScope(current, scope);
    let failed = false;
    try {
      return await fn();
    } catch (error) {
      failed = true;
      throw error;
    } finally {
      // After a failed statement the transaction is aborted and rolls back whole; otherwise a
      // restore that fails must fail the unit of work rather than leave the inner scope on.
      await this.switchScope(current, outer).catch((error: unknown) => {
        if (!failed) throw error;
      });
    }
  }

  /** In an open transaction the settings change now; otherwise the next statement carries them. */
  private async switchScope(current: UnitOfWork, scope: Scope): Promise<void> {
    current.scope = scope;
    if (current.pipeline === undefined || current.pipeline.transactionOpen)
      await current.runner.query(scopeStatement(scope));
  }

  private async underSavepoint<T>(current: UnitOfWork, fn: () => Promise<T>): Promise<T> {
    current.savepoints += 1;
    const name = `uow_${current.savepoints}`;
    const queued = current.afterCommit.length;
    await current.runner.query(`SAVEPOINT ${name}`);
    let result: T;
    try {
      result = await this.join(current, fn);
      // Writes deferred under the savepoint go with its RELEASE: one refused undoes this unit
      // alone, as a refusal of a write that ran at once does.
      await current.runner.query(`RELEASE SAVEPOINT ${name}`);
    } catch (caught) {
      const error: unknown = current.pipeline?.deferredFailure ?? caught;
      // Undo this unit alone; its after-commit work goes with it. If even that fails (the
      // connection is gone), the whole transaction is lost and the error says why.
      current.afterCommit.length = queued;
      // Writes deferred under the savepoint go with it; one that failed is undone with it.
      if (current.pipeline) current.pipeline.deferred.length = 0;
      await current.runner.query(`ROLLBACK TO SAVEPOINT ${name}`).then(
        () => {
          if (current.pipeline) current.pipeline.deferredFailure = undefined;
        },
        () => {
          current.nestedSavepoints = false;
        },
      );
      throw error;
    }
    return result;
  }

  private current(): UnitOfWork | undefined {
    return this.requestScope.get<UnitOfWork>(UNIT_OF_WORK);
  }

  private async unitOfWork<T>(
    readOnly: boolean,
    fn: () => Promise<T>,
    afterCommit: Array<() => void>,
    nestedSavepoints = false,
  ): Promise<T> {
    const runner = this.dataSource.createQueryRunner('master');
    const client = (await runner.connect()) as EventEmitter;
    // A connection that fails between two statements (server killed or restarted, backend
    // terminated) makes TypeORM release the runner at once: the next statement would only say
    // "already released". Keep the cause, so the unit of work fails as "database unavailable".
    let lost: unknown;
    let broken: unknown;
    const onError = (error: unknown) => (lost ??= error);
    client.on('error', onError);
    let unit: UnitOfWork | undefined;
    try {
      const scope = this.scope();
      const opened: UnitOfWork = (unit = {
        runner,
        client,
        readOnly,
        scope,
        pipeline: undefined,
        afterCommit,
        nestedSavepoints,
        savepoints: 0,
      });
      // A read-write unit of work may append to the ledger: it registers as a ledger writer
      // (ledger_writer_begin) before it can have a transaction id, so that readers of the
      // ledger wait for it and for nothing else (see migration CreateLedgerWriterLock).
      if (await prepareScopeStatements(client)) {
        unit.pipeline = new ScopePipeline(
          readOnly ? 'each' : 'first',
          () => scopePrefix(readOnly, opened.scope),
          () => openingStatement(readOnly, opened.scope),
        );
        attachScopePipeline(client, unit.pipeline);
      } else await runner.query(openingStatement(readOnly, scope));
      // TypeORM must know a transaction is open, so that nothing it runs (a cascading save)
      // opens or commits one of its own; nested startTransaction() calls become savepoints.
      Object.assign(runner, { isTransactionActive: true, transactionDepth: 1 });
      const result = await this.requestScope.run('inherit', () => {
        this.requestScope.set(UNIT_OF_WORK, opened);
        return fn();
      });
      if (unit.pipeline?.failure !== undefined) throw unit.pipeline.failure;
      if (unit.pipeline?.deferredFailure !== undefined) throw unit.pipeline.deferredFailure;
      if (unit.pipeline === undefined || unit.pipeline.transactionOpen)
        // deferred writes ride with the COMMIT (ScopePipeline)
        await runner.commitTransaction();
      else Object.assign(runner, { isTransactionActive: false, transactionDepth: 0 });
      return result;
    } catch (caught) {
      // A deferred write's failure is the unit of work's, whichever statement carried it.
      const error: unknown = unit?.pipeline?.deferredFailure ?? caught;
      if (unit?.pipeline) unit.pipeline.deferred.length = 0;
      if (lost !== undefined || runner.isReleased) {
        // Only a connection error releases the runner under a running unit of work.
        throw error instanceof QueryRunnerProviderAlreadyReleasedError ||
          error instanceof QueryRunnerAlreadyReleasedError
          ? new DatabaseUnavailableError(lost ?? error)
          : error;
      }
      if (isDatabaseUnavailable(error)) {
        // A timed-out or broken connection may still be busy (a frozen server): no ROLLBACK
        // queued behind it; the connection is destroyed and PostgreSQL rolls back on its own.
        broken = error;
        throw error;
      }
      if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
      throw error;
    } finally {
      detachScopePipeline(client);
      client.removeListener('error', onError);
      if (broken !== undefined && 'releasePostgresConnection' in runner)
        await (
          runner as { releasePostgresConnection(e: unknown): Promise<void> }
        ).releasePostgresConnection(broken);
      else await runner.release();
    }
  }

  private scope(): Scope {
    const actor = this.context.actor;
    const uuid = (value: string | null) => (value && UUID.test(value) ? value : '');
    return [
      uuid(actor.tenantId),
      uuid(actor.type === 'user' ? actor.id : null),
      actor.roles.includes('admin') ? 'admin' : '',
      this.context.isSystemScope ? 'system' : '',
    ];
  }
}

function sameScope(a: Scope, b: Scope): boolean {
  return a[0] === b[0] && a[1] === b[1] && a[2] === b[2] && a[3] === b[3];
}

/** The scope as one simple statement: every value is a validated UUID or a fixed word. */
function scopeStatement(scope: Scope): string {
  const [tenantId, userId, role, system] = scope;
  return `SELECT set_config('app.tenant_id', '${tenantId}', true),
      set_config('app.user_id', '${userId}', true),
      set_config('app.role', '${role}', true),
      set_config('app.scope', '${system}', true)`;
}

/** Opens the explicit transaction with its scope in one simple query (one round trip). */
function openingStatement(readOnly: boolean, scope: Scope): string {
  return readOnly
    ? `BEGIN READ ONLY; ${scopeStatement(scope)}`
    : `BEGIN; ${scopeStatement(scope)}, ledger_writer_begin()`;
}

function scopePrefix(readOnly: boolean, scope: Scope): ScopeStatement[] {
  return readOnly
    ? [{ name: READ_SCOPE_NAME, text: READ_SCOPE, values: scope }]
    : [
        { name: BEGIN_NAME, text: BEGIN, values: [] },
        { name: WRITE_SCOPE_NAME, text: WRITE_SCOPE, values: scope },
      ];
}

interface PgClient {
  query(config: { name: string; text: string; values?: readonly string[] }): Promise<unknown>;
  query(text: string): Promise<unknown>;
}

/**
 * Prepares the scope statements on a connection once (a pipeline only binds and executes
 * them). Each runs once to be prepared: the read scope alone (its settings end with its
 * implicit transaction), BEGIN and the write scope in a transaction rolled back. A connection
 * where that fails (a database without the ledger functions yet) opens its units of work the
 * simple way and tries again next time.
 */
async function prepareScopeStatements(client: object): Promise<boolean> {
  const names = [READ_SCOPE_NAME, WRITE_SCOPE_NAME, BEGIN_NAME];
  if (preparedOn(client, names)) return true;
  const pg = client as PgClient;
  const empty = ['', '', '', ''];
  try {
    await pg.query({ name: READ_SCOPE_NAME, text: READ_SCOPE, values: empty });
    await pg.query({ name: BEGIN_NAME, text: BEGIN });
    try {
      await pg.query({ name: WRITE_SCOPE_NAME, text: WRITE_SCOPE, values: empty });
    } finally {
      await pg.query('ROLLBACK');
    }
  } catch (error) {
    if (isDatabaseUnavailable(error)) throw error;
    return false;
  }
  return preparedOn(client, names);
}

/**
 * What the statement that carried a deferred write (`Db.writeBehind`) reports when that write
 * failed: not its own failure (no SQLSTATE of its own), the write's as `reported`.
 */
export class DeferredWriteError extends Error {
  constructor(readonly reported: Error) {
    super(`a deferred write failed: ${reported.message}`, { cause: reported });
    this.name = 'DeferredWriteError';
  }
}

/** The failure of a deferred write that `error` (as TypeORM wraps it, or not) reports, if any. */
export function deferredWriteFailure(error: unknown): Error | undefined {
  const driverError = (error as { driverError?: unknown } | undefined)?.driverError;
  const inner = driverError ?? error;
  return inner instanceof DeferredWriteError ? inner.reported : undefined;
}

/** SQLSTATE of `expect_written`: a guarded write found no row at the expected version. */
export const STALE_WRITE_SQLSTATE = 'OL409';

/** Whether `error` (as TypeORM wraps it, or pg's own) is `expect_written`'s refusal. */
export function isStaleWrite(error: unknown): boolean {
  const e = error as { driverError?: { code?: string }; code?: string } | undefined;
  return (e?.driverError?.code ?? e?.code) === STALE_WRITE_SQLSTATE;
}
