import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { Db } from '@opsledger/persistence';
import { FieldServiceViewers } from '../../field-service-viewer';
import { DashboardView } from '../dashboard.read-model';
import { DashboardReader } from '../dashboard.reader';
import { GetDashboardSummaryQuery } from './get-dashboard-summary.query';

/** Dispatchers only: it sums the whole tenant's billing. */
@QueryHandler(GetDashboardSummaryQuery)
export class GetDashboardSummaryHandler implements IQueryHandler<
  GetDashboardSummaryQuery,
  DashboardView
> {
  constructor(
    private readonly db: Db,
    private readonly viewers: FieldServiceViewers,
    private readonly reader: DashboardReader,
  ) {}

  execute(query: GetDashboardSummaryQuery): Promise<DashboardView> {
    return this.db.read(async () => {
      const { tenantId } = await this.viewers.dispatcher(query.actor);
      return this.reader.summary(tenantId);
    });
  }
}
