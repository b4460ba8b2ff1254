import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { ClsService } from 'nestjs-cls';
import { DataSource, EntityManager } from 'typeorm';
import { RequestContext } from './request-context';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const READ_MANAGER = Symbol('db.readManager');

/**
 * The one way business code reaches PostgreSQL. Every unit of work is a transaction whose
 * row-level-security settings (`app.tenant_id`, `app.user_id`, `app.role`, `app.scope`) are
 * set transaction-locally from the request context, so a query that escaped the
 * application's own tenant filter still cannot see another tenant's rows.
 */
@Injectable()
export class Db {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly context: RequestContext,
    private readonly cls: ClsService,
    private readonly dataSource: DataSource,
  ) {}

  /** The current transaction's manager. Outside `transaction()`/`read()` it has no RLS scope. */
  get manager(): EntityManager {
    if (this.txHost.isTransactionActive()) return this.txHost.tx;
    return (
      (this.cls.isActive() && (this.cls.get(READ_MANAGER) as EntityManager | undefined)) ||
      this.txHost.tx
    );
  }

  get inTransaction(): boolean {
    return (
      this.txHost.isTransactionActive() ||
      (this.cls.isActive() && this.cls.get(READ_MANAGER) !== undefined)
    );
  }

  /**
   * A read-only unit of work, for query handlers on hot paths: the transaction and its RLS
   * settings start in one round trip (`BEGIN READ ONLY; SELECT set_config(…)` as one simple
   * query; every value interpolated is a validated UUID or a fixed word), where
   * `transaction()` needs two. Nested in a transaction it simply joins it.
   */
  async read<T>(fn: () => Promise<T>): Promise<T> {
    if (this.inTransaction) return fn();
    const runner = this.dataSource.createQueryRunner('slave');
    await runner.connect();
    try {
      await runner.query(`BEGIN READ ONLY; ${this.scopeStatement()}`);
      const result = await this.cls.run({ ifNested: 'inherit' }, async () => {
        this.cls.set(READ_MANAGER, runner.manager);
        return fn();
      });
      await runner.query('COMMIT');
      return result;
    } catch (error) {
      await runner.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      await runner.release();
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

  async transaction<T>(fn: () => Promise<T>): Promise<T> {
    if (this.txHost.isTransactionActive()) return fn();
    let result: T;
    try {
      result = await this.txHost.withTransaction(async () => {
        await this.applyScope();
        return fn();
      });
    } catch (error) {
      // Work queued for after a commit that did not happen must never run.
      this.context.drainAfterCommit();
      throw error;
    }
    for (const callback of this.context.drainAfterCommit()) callback();
    return result;
  }

  /** Re-applies the scope inside the current transaction (after switching to system scope). */
  async applyScope(): Promise<void> {
    const actor = this.context.actor;
    const isAdmin = actor.roles.includes('admin');
    await this.txHost.tx.query(
      `SELECT set_config('app.tenant_id', $1, true), set_config('app.user_id', $2, true),
              set_config('app.role', $3, true), set_config('app.scope', $4, true)`,
      [
        actor.tenantId ?? '',
        actor.type === 'user' ? (actor.id ?? '') : '',
        isAdmin ? 'admin' : '',
        this.context.isSystemScope ? 'system' : '',
      ],
    );
  }
}
