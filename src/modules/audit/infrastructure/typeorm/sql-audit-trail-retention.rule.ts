import { Inject, Injectable } from '@nestjs/common';
import { Db } from '@opsledger/persistence';
import { before, SqlRetentionRule } from '@opsledger/personal-data';
import { APP_CONFIG, AppConfig } from '../../../../config/app-config';

/**
 * Audit trail entries are kept AUDIT_RETENTION_MONTHS (24 at least, spec 000), then leave the
 * table auditors query. The ledger keeps every event (it is never truncated, only shredded),
 * so `/audit/verify` and exports still cover them; a projection rebuild brings old entries
 * back until the next pass removes them again.
 */
@Injectable()
export class SqlAuditTrailRetentionRule extends SqlRetentionRule {
  readonly name = 'audit.trail-entries';
  readonly location = 'audit_trail';
  protected readonly due = 'occurred_at < $1';

  constructor(
    db: Db,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    super(db);
  }

  get policy(): string {
    return `audit trail entries: removed from the trail ${this.config.AUDIT_RETENTION_MONTHS} months after the event (the ledger keeps the event)`;
  }

  cutoff(now: Date): Date {
    return before.months(now, this.config.AUDIT_RETENTION_MONTHS);
  }

  /**
   * Oldest first, without row locks: the application role may not update the trail (so it may
   * not lock its rows either), and the rule's advisory lock already keeps passes apart.
   */
  override async removeDue(cutoff: Date, limit: number): Promise<number> {
    const rows = (await this.db.manager.query(
      `WITH gone AS (
         DELETE FROM audit_trail WHERE position IN (
           SELECT position FROM audit_trail WHERE occurred_at < $1 ORDER BY position LIMIT $2)
         RETURNING 1)
       SELECT count(*)::int AS n FROM gone`,
      [cutoff, limit],
    )) as Array<{ n: number }>;
    return rows[0]?.n ?? 0;
  }
}
