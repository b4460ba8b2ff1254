import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { Page } from '@opsledger/http';
import { AuditTrailReader } from '../audit-trail.reader';
import { AuditLogView, toAuditLog } from './audit-log.read-model';
import { ListAuditLogsQuery } from './list-audit-logs.query';

@QueryHandler(ListAuditLogsQuery)
export class ListAuditLogsHandler implements IQueryHandler<ListAuditLogsQuery> {
  constructor(private readonly trail: AuditTrailReader) {}

  async execute(query: ListAuditLogsQuery): Promise<Page<AuditLogView>> {
    const page = await this.trail.find(query.filter, {
      limit: query.limit,
      cursor: query.cursor,
      order: 'desc',
    });
    return { items: page.items.map(toAuditLog), nextCursor: page.nextCursor };
  }
}
