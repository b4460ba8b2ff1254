import { Inject, Injectable } from '@nestjs/common';
import { DocumentStore, MAX_FIND_LIMIT } from '@opsledger/document-store';
import { before, RetentionRule } from '@opsledger/personal-data';
import { APP_CONFIG, AppConfig } from '../../../../config/app-config';
import { AUDIT_TRAIL } from '../../application/projections/audit-trail.projection';

/**
 * Audit trail entries are kept AUDIT_RETENTION_MONTHS (24 at least, spec 000), then leave the
 * projection auditors query. The ledger keeps every event (it is never truncated, only
 * shredded), so `/audit/verify` and exports still cover them; a projection rebuild brings old
 * entries back until the next pass removes them again.
 */
@Injectable()
export class DocumentAuditTrailRetentionRule extends RetentionRule {
  readonly name = 'audit.trail-entries';
  readonly store = 'document-store' as const;
  readonly location = AUDIT_TRAIL;

  constructor(
    private readonly documents: DocumentStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    super();
  }

  get policy(): string {
    return `audit trail entries: removed from the trail ${this.config.AUDIT_RETENTION_MONTHS} months after the event (the ledger keeps the event)`;
  }

  cutoff(now: Date): Date {
    return before.months(now, this.config.AUDIT_RETENTION_MONTHS);
  }

  countDue(cutoff: Date): Promise<number> {
    return this.documents.count(AUDIT_TRAIL, { occurredAt: { lt: cutoff.toISOString() } });
  }

  /** The document store deletes by filter; the rule's advisory lock keeps passes apart. */
  async removeDue(cutoff: Date, limit: number): Promise<number> {
    const page = await this.documents.find<{ eventId: string }>(AUDIT_TRAIL, {
      filter: { occurredAt: { lt: cutoff.toISOString() } },
      sort: { field: 'occurredAt', direction: 'asc' },
      limit: Math.min(limit, MAX_FIND_LIMIT),
    });
    if (page.items.length === 0) return 0;
    return this.documents.deleteMany(AUDIT_TRAIL, {
      eventId: { in: page.items.map((entry) => entry.eventId) },
    });
  }
}
