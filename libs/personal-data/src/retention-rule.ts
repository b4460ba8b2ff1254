import { Db } from '@opsledger/persistence';
import { ErasureStore } from './erasure-participant';

/** What a rule does to what is due: removes it, or moves it elsewhere and removes it here. */
export type RetentionAction = 'deleted' | 'archived';

/**
 * Port: one retention rule (issue 12): which records a context keeps, for how long, and how
 * they go when the time is up. A context that keeps such records provides one provider per rule
 * (a class of its `infrastructure/` extending this one, listed among its module's providers);
 * the retention job finds them all, runs each on every instance's schedule, and records every
 * pass in the ledger and in the auditors' retention report.
 *
 * Rules run as the system, in system scope, each inside a transaction that holds the rule's
 * advisory lock: one instance at a time applies a rule, and `removeDue` must take only rows no
 * other transaction holds (`FOR UPDATE SKIP LOCKED`), so each row goes once.
 */
export abstract class RetentionRule {
  /** Stable name, `<context>.<what>`: the report's key and the rule's ledger stream. */
  abstract readonly name: string;
  abstract readonly store: ErasureStore;
  /** A table or collection. */
  abstract readonly location: string;
  readonly action: RetentionAction = 'deleted';

  /** The rule in words with its configured period, for the report (`30 days after expiry`). */
  abstract get policy(): string;

  /** Records older than this instant are due at `now`. */
  abstract cutoff(now: Date): Date;

  /** How many records are due at `cutoff`. */
  abstract countDue(cutoff: Date): Promise<number>;

  /** Removes at most `limit` due records and says how many went. Idempotent. */
  abstract removeDue(cutoff: Date, limit: number): Promise<number>;
}

/** `now` minus whole days, hours or months: the cutoffs rules are written with. */
export const before = {
  days: (now: Date, days: number) => new Date(now.getTime() - days * 86_400_000),
  hours: (now: Date, hours: number) => new Date(now.getTime() - hours * 3_600_000),
  months: (now: Date, months: number) => {
    const at = new Date(now.getTime());
    at.setUTCMonth(at.getUTCMonth() - months);
    return at;
  },
};

/**
 * A rule over one PostgreSQL table: rows matching `due` (SQL with `$1` = the cutoff) are
 * deleted in batches, each batch taking only rows no one else holds. Rows of other tables that
 * reference them go as their foreign keys say (ON DELETE CASCADE or SET NULL).
 */
export abstract class SqlRetentionRule extends RetentionRule {
  override readonly store = 'postgresql' as const;
  /** The table: a constant of the subclass, never input. */
  abstract override readonly location: string;
  /** The due condition on the table's rows, `$1` being the cutoff: a constant of the subclass. */
  protected abstract readonly due: string;

  constructor(protected readonly db: Db) {
    super();
  }

  async countDue(cutoff: Date): Promise<number> {
    const rows = (await this.db.manager.query(
      `SELECT count(*)::int AS n FROM ${this.location} WHERE ${this.due}`,
      [cutoff],
    )) as Array<{ n: number }>;
    return rows[0]?.n ?? 0;
  }

  async removeDue(cutoff: Date, limit: number): Promise<number> {
    const rows = (await this.db.manager.query(
      `WITH gone AS (
         DELETE FROM ${this.location} WHERE ctid IN (
           SELECT ctid FROM ${this.location} WHERE ${this.due} LIMIT $2 FOR UPDATE SKIP LOCKED)
         RETURNING 1)
       SELECT count(*)::int AS n FROM gone`,
      [cutoff, limit],
    )) as Array<{ n: number }>;
    return rows[0]?.n ?? 0;
  }
}
