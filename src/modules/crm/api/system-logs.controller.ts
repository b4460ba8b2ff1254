import { Controller, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentActor } from '@opsledger/auth';
import { Route } from '@opsledger/http';
import type { Actor } from '@opsledger/persistence';
import { SystemLogView } from '../application/queries/crm.read-model';
import { ListSystemLogsQuery } from '../application/queries/list-system-logs/list-system-logs.query';
import { ListSystemLogsQueryDto, SystemLogListResponseDto } from './dto/system-log.dto';

const WEEK_MS = 7 * 86_400_000;

@ApiTags('crm')
@ApiBearerAuth('bearer')
@Controller('system-logs')
export class SystemLogsController {
  constructor(private readonly queries: QueryBus) {}

  @Route.List({
    summary: 'System logs (admins)',
    description:
      'Warnings and errors of the service’s jobs (AI job retries, failures and expired leases), newest first, filtered by level, source and time (the last 7 days by default). Admins only (403).',
    type: SystemLogListResponseDto,
  })
  list(
    @CurrentActor() actor: Actor,
    @Query() query: ListSystemLogsQueryDto,
  ): Promise<{ items: SystemLogView[] }> {
    return this.queries.execute(
      new ListSystemLogsQuery(actor, {
        level: query.level,
        source: query.source,
        since: query.since ?? new Date(Date.now() - WEEK_MS),
        limit: query.limit ?? 100,
      }),
    );
  }
}
