import { Injectable } from '@nestjs/common';
import { Db } from '@opsledger/persistence';
import { before, SqlRetentionRule } from '@opsledger/personal-data';

/** Spec's retention of soft-deleted rows (issue 12): purged 90 days after the delete. */
export const SOFT_DELETED_RETENTION_DAYS = 90;

/** Soft-deleted leads; their lead documents go with them (CASCADE), deals keep no link (SET NULL). */
@Injectable()
export class SqlDeletedLeadRetentionRule extends SqlRetentionRule {
  readonly name = 'crm.deleted-leads';
  readonly location = 'leads';
  protected readonly due = `is_deleted AND deleted_at < $1`;

  constructor(db: Db) {
    super(db);
  }

  get policy(): string {
    return `soft-deleted leads: purged ${SOFT_DELETED_RETENTION_DAYS} days after they were deleted`;
  }

  cutoff(now: Date): Date {
    return before.days(now, SOFT_DELETED_RETENTION_DAYS);
  }
}
