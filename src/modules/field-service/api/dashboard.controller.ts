import { Controller, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentActor } from '@opsledger/auth';
import { Route } from '@opsledger/http';
import type { Actor } from '@opsledger/persistence';
import { GetDashboardSummaryQuery } from '../application/queries/get-dashboard-summary/get-dashboard-summary.query';
import { DashboardView } from '../application/queries/dashboard.read-model';
import { DashboardQueryDto, DashboardResponseDto } from './dto/dashboard.dto';

@ApiTags('field-service')
@ApiBearerAuth('bearer')
@Controller('field-service')
export class DashboardController {
  constructor(private readonly queries: QueryBus) {}

  @Route.Read({
    path: 'dashboard',
    summary: 'Dispatcher dashboard',
    description:
      'Acts in the tenant of the access token; dispatchers only. Open work orders by status, overdue invoices ' +
      '(sent and past due, or marked overdue) and the revenue of paid invoices for each of the last 12 months ' +
      '(UTC). Money is an exact decimal string.',
    type: DashboardResponseDto,
    problems: [400],
  })
  summary(
    @CurrentActor() actor: Actor,
    @Query() _query: DashboardQueryDto,
  ): Promise<DashboardView> {
    return this.queries.execute(new GetDashboardSummaryQuery(actor));
  }
}
