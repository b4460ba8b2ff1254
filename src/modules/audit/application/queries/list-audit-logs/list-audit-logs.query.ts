import { Query } from '@nestjs/cqrs';
import { Page } from '@opsledger/http';
import { AuditTrailFilter } from '../audit-trail.reader';
import { AuditLogView } from './audit-log.read-model';

/** The audit trail in spec 003's `audit_logs` shape, newest first. */
export class ListAuditLogsQuery extends Query<Page<AuditLogView>> {
  constructor(
    readonly filter: AuditTrailFilter,
    readonly limit: number,
    readonly cursor: string | null,
  ) {
    super();
  }
}
