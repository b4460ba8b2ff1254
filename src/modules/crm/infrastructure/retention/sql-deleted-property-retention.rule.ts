import { Injectable } from '@nestjs/common';
import { Db } from '@opsledger/persistence';
import { before, SqlRetentionRule } from '@opsledger/personal-data';
import { SOFT_DELETED_RETENTION_DAYS } from './sql-deleted-lead-retention.rule';

/** Soft-deleted properties; links to documents go (CASCADE), deals and documents keep no link. */
@Injectable()
export class SqlDeletedPropertyRetentionRule extends SqlRetentionRule {
  readonly name = 'crm.deleted-properties';
  readonly location = 're_properties';
  protected readonly due = `is_deleted AND deleted_at < $1`;

  constructor(db: Db) {
    super(db);
  }

  get policy(): string {
    return `soft-deleted properties: purged ${SOFT_DELETED_RETENTION_DAYS} days after they were deleted`;
  }

  cutoff(now: Date): Date {
    return before.days(now, SOFT_DELETED_RETENTION_DAYS);
  }
}
