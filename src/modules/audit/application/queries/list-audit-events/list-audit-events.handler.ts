import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { Page } from '@opsledger/http';
import { AuditEntry } from '../../../domain/audit-entry';
import { AuditTrailReader } from '../audit-trail.reader';
import { ListAuditEventsQuery } from './list-audit-events.query';

@QueryHandler(ListAuditEventsQuery)
export class ListAuditEventsHandler implements IQueryHandler<ListAuditEventsQuery> {
  constructor(private readonly trail: AuditTrailReader) {}

  execute(query: ListAuditEventsQuery): Promise<Page<AuditEntry>> {
    return this.trail.find(query.filter, {
      limit: query.limit,
      cursor: query.cursor,
      order: 'desc',
    });
  }
}
