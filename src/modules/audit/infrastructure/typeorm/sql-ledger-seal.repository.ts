import { Injectable } from '@nestjs/common';
import { EventStore } from '@opsledger/event-store';
import { Db, RequestContext, SYSTEM_ACTOR } from '@opsledger/persistence';
import { randomUUID } from 'node:crypto';
import { LedgerSealRefusedEvent } from '../../domain/events/ledger-seal.events';
import { IntegrityFinding } from '../../domain/ledger-integrity';
import { LedgerSeal } from '../../domain/ledger-seal';
import { LedgerSealRepository, SealLockOutcome } from '../../domain/ledger-seal.repository';
import { LedgerSql } from './ledger.sql';

/** Distinct from the projection runner's `projection:<name>` keys. */
const SEAL_LOCK_KEY = 'opsledger:ledger-seal';

@Injectable()
export class SqlLedgerSealRepository extends LedgerSealRepository {
  private readonly sql = new LedgerSql(
    (sql, params) => this.db.manager.query(sql, params) as Promise<unknown[]>,
  );

  constructor(
    private readonly db: Db,
    private readonly context: RequestContext,
    private readonly store: EventStore,
  ) {
    super();
  }

  /**
   * A transaction-level advisory lock: it goes with the transaction, so a crashed sealer
   * never leaves the chain locked, and the seal it wrote is visible to the next holder.
   */
  withSealLock<T>(wait: boolean, fn: () => Promise<T>): Promise<SealLockOutcome<T>> {
    return this.context.run(SYSTEM_ACTOR, () =>
      this.db.transaction(async (): Promise<SealLockOutcome<T>> => {
        if (wait) {
          await this.db.manager.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [
            SEAL_LOCK_KEY,
          ]);
        } else {
          const rows = (await this.db.manager.query(
            `SELECT pg_try_advisory_xact_lock(hashtext($1)) AS locked`,
            [SEAL_LOCK_KEY],
          )) as Array<{ locked: boolean }>;
          if (rows[0]?.locked !== true) return { acquired: false };
        }
        return { acquired: true, value: await fn() };
      }),
    );
  }

  latest(): Promise<LedgerSeal | null> {
    return this.sql.latestSeal();
  }

  add(seal: LedgerSeal): Promise<void> {
    return this.sql.addSeal(seal);
  }

  /** One event per refusal, each in a stream of its own (stream type `ledger-seal`). */
  async recordRefusal(findings: readonly IntegrityFinding[]): Promise<void> {
    const id = randomUUID();
    await this.store.append({
      streamType: 'ledger-seal',
      streamId: id,
      expectedVersion: 0,
      events: [
        new LedgerSealRefusedEvent(id, {
          findings: findings.slice(0, 20).map((f) => ({ ...f })),
          findingCount: findings.length,
        }),
      ],
      metadata: { result: 'failure', error: `AUDIT.LEDGER_BROKEN: ${findings[0]?.reason ?? ''}` },
    });
  }
}
