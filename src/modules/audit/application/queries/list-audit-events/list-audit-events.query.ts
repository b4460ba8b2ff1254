import { Query } from '@nestjs/cqrs';
import { Page } from '@opsledger/http';
import { AuditEntry } from '../../../domain/audit-entry';
import { AuditTrailFilter } from '../audit-trail.reader';

/** The audit trail, newest first. */
export class ListAuditEventsQuery extends Query<Page<AuditEntry>> {
  constructor(
    readonly filter: AuditTrailFilter,
    readonly limit: number,
    readonly cursor: string | null,
  ) {
    super();
  }
}
