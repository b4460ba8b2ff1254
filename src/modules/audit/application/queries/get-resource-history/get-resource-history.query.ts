import { Query } from '@nestjs/cqrs';
import { Page } from '@opsledger/http';
import { AuditEntry } from '../../../domain/audit-entry';

/** Everything that happened to one resource, oldest first. */
export class GetResourceHistoryQuery extends Query<Page<AuditEntry>> {
  constructor(
    readonly resourceType: string,
    readonly resourceId: string,
    readonly limit: number,
    readonly cursor: string | null,
  ) {
    super();
  }
}
