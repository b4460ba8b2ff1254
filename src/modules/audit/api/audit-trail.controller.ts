import { Controller, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Roles } from '@opsledger/auth';
import { Page, PageQuery, Route } from '@opsledger/http';
import { AuditEntry } from '../domain/audit-entry';
import { AuditTrailFilter } from '../application/queries/audit-trail.reader';
import { GetResourceHistoryQuery } from '../application/queries/get-resource-history/get-resource-history.query';
import { ListAuditEventsQuery } from '../application/queries/list-audit-events/list-audit-events.query';
import { AuditLogView } from '../application/queries/list-audit-logs/audit-log.read-model';
import { ListAuditLogsQuery } from '../application/queries/list-audit-logs/list-audit-logs.query';
import { AuditEntryPageResponseDto } from './audit-entry.response.dto';
import { AuditEventsQueryDto } from './audit-events.request.dto';
import { AuditLogPageResponseDto } from './audit-log.response.dto';
import { ApiAuditProblems } from './audit-problems.decorator';
import { ResourceParamsDto } from './resource-history.request.dto';

const DEFAULT_LIMIT = 20;

function filterOf(query: AuditEventsQueryDto): AuditTrailFilter {
  return {
    actorId: query.actorId,
    resourceType: query.resourceType,
    resourceId: query.resourceId,
    action: query.action,
    // the ledger stores UUIDs in PostgreSQL's lower-case text form
    tenantId: query.tenantId?.toLowerCase(),
    result: query.result,
    from: query.from ? new Date(query.from) : undefined,
    to: query.to ? new Date(query.to) : undefined,
  };
}

/** The audit trail projection, read-only, for platform auditors and admins. */
@ApiTags('audit')
@ApiBearerAuth('bearer')
@Roles('auditor', 'admin')
@Controller('audit')
export class AuditTrailController {
  constructor(private readonly queries: QueryBus) {}

  @ApiAuditProblems()
  @Route.List({
    path: 'events',
    summary: 'Audit trail, newest first',
    description:
      'One entry per ledger event across every tenant: resource, action, actor, tenant, ip, user agent, result, error, old and new values.',
    type: AuditEntryPageResponseDto,
  })
  events(@Query() query: AuditEventsQueryDto): Promise<Page<AuditEntry>> {
    return this.queries.execute(
      new ListAuditEventsQuery(filterOf(query), query.limit ?? DEFAULT_LIMIT, query.cursor ?? null),
    );
  }

  @ApiAuditProblems()
  @Route.List({
    path: 'resources/:type/:id',
    summary: 'History of one resource, oldest first',
    type: AuditEntryPageResponseDto,
  })
  resource(
    @Param() params: ResourceParamsDto,
    @Query() query: PageQuery,
  ): Promise<Page<AuditEntry>> {
    return this.queries.execute(
      new GetResourceHistoryQuery(
        params.type,
        params.id,
        query.limit ?? DEFAULT_LIMIT,
        query.cursor ?? null,
      ),
    );
  }

  @ApiAuditProblems()
  @Route.List({
    path: 'audit-logs',
    summary: 'Audit trail in the `audit_logs` shape, newest first',
    description:
      'The same entries and filters as /audit/events, with spec 003’s snake_case columns.',
    type: AuditLogPageResponseDto,
  })
  auditLogs(@Query() query: AuditEventsQueryDto): Promise<Page<AuditLogView>> {
    return this.queries.execute(
      new ListAuditLogsQuery(filterOf(query), query.limit ?? DEFAULT_LIMIT, query.cursor ?? null),
    );
  }
}
