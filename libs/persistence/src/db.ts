import { Injectable } from '@nestjs/common';
import { ClsService } from 'nestjs-cls';
import { EventEmitter } from 'node:events';
import {
  DataSource,
  EntityManager,
  QueryRunner,
  QueryRunnerAlreadyReleasedError,
  QueryRunnerProviderAlreadyReleasedError,
} from 'typeorm';
import { DatabaseUnavailableError, isDatabaseUnavailable } from './database-errors';
import { RequestContext } from './request-context';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const UNIT_OF_WORK = Symbol('db.unitOfWork');

interface UnitOfWork {
  runner: QueryRunner;
  readOnly: boolean;
  /** The scope statement in force: nested units of work under another scope switch it. */
  scope: string;
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
 * The transaction and its settings start in one round trip: `BEGIN; SELECT set_config(…)`
 * sent as one simple query, where every interpolated value is a validated UUID or a fixed
 * word. The unit of work lives in the request's CLS context, so repositories and readers
 * reach it through `manager` without passing connections around, and nested calls join it.
 */
@Injectable()
export class Db {
  constructor(
    private readonly context: RequestContext,
    private readonly cls: ClsService,
    private readonly dataSource: DataSource,
  ) {}

  /** The current unit of work's manager. Outside `transaction()`/`read()` it has no RLS scope. */
  get manager(): EntityManager {
    return this.current()?.runner.manager ?? this.dataSource.manager;
  }

  get inTransaction(): boolean {
    return this.current() !== undefined;
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

  /** A read-only unit of work, for query handlers. Nested in a transaction it joins it. */
  async read<T>(fn: () => Promise<T>): Promise<T> {
    const current = this.current();
    if (current) return this.join(current, fn);
    return this.unitOfWork(true, fn, []);
  }

  /** Re-applies the scope inside the current unit of work (after switching to system scope). */
  async applyScope(): Promise<void> {
    await this.manager.query(this.scopeStatement());
  }

  /**
   * Runs fn in the open unit of work. A nested call under another scope (`asSystem`, another
   * actor) switches the transaction-local settings for fn and restores the outer ones after,
   * so joining a request's unit of work never widens or narrows what the outer code sees.
   */
  private async join<T>(current: UnitOfWork, fn: () => Promise<T>): Promise<T> {
    const scope = this.scopeStatement();
    if (scope === current.scope) return fn();
    const outer = current.scope;
    await current.runner.query(scope);
    current.scope = scope;
    let failed = false;
    try {
      return await fn();
    } catch (error) {
      failed = true;
      throw error;
    } finally {
      current.scope = outer;
      // After a failed statement the transaction is aborted and rolls back whole; otherwise a
      // restore that fails must fail the unit of work rather than leave the inner scope on.
      await current.runner.query(outer).catch((error: unknown) => {
        if (!failed) throw error;
      });
    }
  }

  private async underSavepoint<T>(current: UnitOfWork, fn: () => Promise<T>): Promise<T> {
    current.savepoints += 1;
    const name = `uow_${current.savepoints}`;
    const queued = current.afterCommit.length;
    await current.runner.query(`SAVEPOINT ${name}`);
    let result: T;
    try {
      result = await this.join(current, fn);
    } catch (error) {
      // Undo this unit alone; its after-commit work goes with it. If even that fails (the
      // connection is gone), the whole transaction is lost and the error says why.
      current.afterCommit.length = queued;
      await current.runner.query(`ROLLBACK TO SAVEPOINT ${name}`).catch(() => {
        current.nestedSavepoints = false;
      });
      throw error;
    }
    await current.runner.query(`RELEASE SAVEPOINT ${name}`);
    return result;
  }

  private current(): UnitOfWork | undefined {
    return this.cls.isActive() ? this.cls.get<UnitOfWork | undefined>(UNIT_OF_WORK) : undefined;
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
    try {
      // A read-write unit of work may append to the ledger: it registers as a ledger writer
      // (ledger_writer_begin) before it can have a transaction id, so that readers of the
      // ledger wait for it and for nothing else (see migration CreateLedgerWriterLock).
      const scope = this.scopeStatement();
      await runner.query(
        readOnly ? `BEGIN READ ONLY; ${scope}` : `BEGIN; ${scope}, ledger_writer_begin()`,
      );
      // TypeORM must know a transaction is open, so that nothing it runs (a cascading save)
      // opens or commits one of its own; nested startTransaction() calls become savepoints.
      Object.assign(runner, { isTransactionActive: true, transactionDepth: 1 });
      const result = await this.cls.run({ ifNested: 'inherit' }, () => {
        this.cls.set(UNIT_OF_WORK, {
          runner,
          readOnly,
          scope,
          afterCommit,
          nestedSavepoints,
          savepoints: 0,
        } satisfies UnitOfWork);
        return fn();
      });
      await runner.commitTransaction();
      return result;
    } catch (error) {
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
      client.removeListener('error', onError);
      if (broken !== undefined && 'releasePostgresConnection' in runner)
        await (
          runner as { releasePostgresConnection(e: unknown): Promise<void> }
        ).releasePostgresConnection(broken);
      else await runner.release();
    }
  }

  private scopeStatement(): string {
    const actor = this.context.actor;
    const literal = (value: string | null) => (value && UUID.test(value) ? `'${value}'` : `''`);
    return `SELECT set_config('app.tenant_id', ${literal(actor.tenantId)}, true),
      set_config('app.user_id', ${literal(actor.type === 'user' ? actor.id : null)}, true),
      set_config('app.role', '${actor.roles.includes('admin') ? 'admin' : ''}', true),
      set_config('app.scope', '${this.context.isSystemScope ? 'system' : ''}', true)`;
  }
}
