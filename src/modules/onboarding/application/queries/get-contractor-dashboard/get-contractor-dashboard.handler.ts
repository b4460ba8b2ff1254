import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { Db } from '@opsledger/persistence';
import { OnboardingClock } from '../../onboarding-clock';
import { OnboardingViewers } from '../../onboarding-viewer';
import { ContractorDashboardView, ContractorQueriesReader } from '../contractor-queries.reader';
import { GetContractorDashboardQuery } from './get-contractor-dashboard.query';

/** Window of the dashboard's expiring items, and how many of them it lists (soonest first). */
export const DASHBOARD_EXPIRY_DAYS = 30;
export const DASHBOARD_EXPIRING_ITEMS = 50;

/** The reviewers' overview of the tenant's contractors. */
@QueryHandler(GetContractorDashboardQuery)
export class GetContractorDashboardHandler implements IQueryHandler<
  GetContractorDashboardQuery,
  ContractorDashboardView
> {
  constructor(
    private readonly db: Db,
    private readonly viewers: OnboardingViewers,
    private readonly clock: OnboardingClock,
    private readonly reader: ContractorQueriesReader,
  ) {}

  async execute(query: GetContractorDashboardQuery): Promise<ContractorDashboardView> {
    const { tenantId } = await this.viewers.reviewer(query.actor);
    const today = this.clock.now().toISOString().slice(0, 10);
    return this.db.read(() =>
      this.reader.dashboard(tenantId, today, DASHBOARD_EXPIRY_DAYS, DASHBOARD_EXPIRING_ITEMS),
    );
  }
}
