import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { Db } from '@opsledger/persistence';
import { ContractorDirectory } from '../../document-access';
import { watchedContractor } from '../../onboarding-access';
import { OnboardingViewers } from '../../onboarding-viewer';
import { AchievementView, ContractorActivityReader } from '../contractor-activity.reader';
import { ListContractorAchievementsQuery } from './list-contractor-achievements.query';

/** Every achievement definition with the contractor's progress, as the projection computed it. */
@QueryHandler(ListContractorAchievementsQuery)
export class ListContractorAchievementsHandler implements IQueryHandler<
  ListContractorAchievementsQuery,
  AchievementView[]
> {
  constructor(
    private readonly db: Db,
    private readonly viewers: OnboardingViewers,
    private readonly directory: ContractorDirectory,
    private readonly activity: ContractorActivityReader,
  ) {}

  execute(query: ListContractorAchievementsQuery): Promise<AchievementView[]> {
    return this.db.read(async () => {
      const { tenantId } = await watchedContractor(
        this.viewers,
        this.directory,
        query.actor,
        query.contractorId,
      );
      return this.activity.achievements(tenantId, query.contractorId);
    });
  }
}
