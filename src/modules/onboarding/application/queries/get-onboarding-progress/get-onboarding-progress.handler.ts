import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { NotFoundError } from '@opsledger/ddd';
import { Db } from '@opsledger/persistence';
import { OnboardingViewers } from '../../onboarding-viewer';
import { ProgressCache } from '../../progress-cache';
import { ProgressView } from '../onboarding.read-model';
import { OnboardingReader } from '../onboarding.reader';
import { GetOnboardingProgressQuery } from './get-onboarding-progress.query';

/** The cache first (Redis `progress:{contractorId}` when configured), PostgreSQL the truth. */
@QueryHandler(GetOnboardingProgressQuery)
export class GetOnboardingProgressHandler implements IQueryHandler<
  GetOnboardingProgressQuery,
  ProgressView
> {
  constructor(
    private readonly db: Db,
    private readonly viewers: OnboardingViewers,
    private readonly reader: OnboardingReader,
    private readonly cache: ProgressCache,
  ) {}

  async execute(query: GetOnboardingProgressQuery): Promise<ProgressView> {
    const viewer = await this.viewers.resolve(query.actor);
    if (!OnboardingViewers.sees(viewer, query.contractorId))
      throw new NotFoundError('contractor', query.contractorId);
    const cached = await this.cache.get(viewer.tenantId, query.contractorId);
    if (cached) return cached;
    const generation = await this.cache.generation(query.contractorId);
    const view = await this.db.read(() =>
      this.reader.progress(viewer.tenantId, query.contractorId),
    );
    if (!view) throw new NotFoundError('contractor', query.contractorId);
    await this.cache.set(viewer.tenantId, view, generation);
    return view;
  }
}
