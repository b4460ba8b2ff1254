import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { EntityManager } from 'typeorm';
import { RequestContext } from './request-context';

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
  ) {}

  /** The current transaction's manager. Outside `transaction()` it has no RLS scope. */
  get manager(): EntityManager {
    return this.txHost.tx;
  }

  get inTransaction(): boolean {
    return this.txHost.isTransactionActive();
  }

  async transaction<T>(fn: () => Promise<T>): Promise<T> {
    if (this.txHost.isTransactionActive()) return fn();
    const result = await this.txHost.withTransaction(async () => {
      await this.applyScope();
      return fn();
    });
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
