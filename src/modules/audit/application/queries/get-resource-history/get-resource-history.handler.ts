import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { Page } from '@opsledger/http';
import { AuditEntry } from '../../../domain/audit-entry';
import { AuditTrailReader } from '../audit-trail.reader';
import { GetResourceHistoryQuery } from './get-resource-history.query';

@QueryHandler(GetResourceHistoryQuery)
export class GetResourceHistoryHandler implements IQueryHandler<GetResourceHistoryQuery> {
  constructor(private readonly trail: AuditTrailReader) {}

  execute(query: GetResourceHistoryQuery): Promise<Page<AuditEntry>> {
    return this.trail.find(
      { resourceType: query.resourceType, resourceId: query.resourceId },
      { limit: query.limit, cursor: query.cursor, order: 'asc' },
    );
  }
}
