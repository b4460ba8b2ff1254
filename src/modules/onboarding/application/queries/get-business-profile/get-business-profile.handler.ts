import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { NotFoundError } from '@opsledger/ddd';
import { Db } from '@opsledger/persistence';
import { OnboardingViewers } from '../../onboarding-viewer';
import { BusinessProfileView } from '../onboarding.read-model';
import { OnboardingReader } from '../onboarding.reader';
import { GetBusinessProfileQuery } from './get-business-profile.query';

/** The profile with its tax id masked, whoever asks. */
@QueryHandler(GetBusinessProfileQuery)
export class GetBusinessProfileHandler implements IQueryHandler<
  GetBusinessProfileQuery,
  BusinessProfileView
> {
  constructor(
    private readonly db: Db,
    private readonly viewers: OnboardingViewers,
    private readonly reader: OnboardingReader,
  ) {}

  async execute(query: GetBusinessProfileQuery): Promise<BusinessProfileView> {
    const viewer = await this.viewers.resolve(query.actor);
    if (!OnboardingViewers.sees(viewer, query.contractorId))
      throw new NotFoundError('contractor', query.contractorId);
    const view = await this.db.read(() =>
      this.reader.businessProfile(viewer.tenantId, query.contractorId),
    );
    if (!view) throw new NotFoundError('business profile', query.contractorId);
    return view;
  }
}
