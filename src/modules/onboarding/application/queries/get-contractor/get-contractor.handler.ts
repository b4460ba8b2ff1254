import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { NotFoundError } from '@opsledger/ddd';
import { Db } from '@opsledger/persistence';
import { OnboardingViewers } from '../../onboarding-viewer';
import { ContractorView } from '../onboarding.read-model';
import { OnboardingReader } from '../onboarding.reader';
import { GetContractorQuery } from './get-contractor.query';

@QueryHandler(GetContractorQuery)
export class GetContractorHandler implements IQueryHandler<GetContractorQuery, ContractorView> {
  constructor(
    private readonly db: Db,
    private readonly viewers: OnboardingViewers,
    private readonly reader: OnboardingReader,
  ) {}

  async execute(query: GetContractorQuery): Promise<ContractorView> {
    const viewer = await this.viewers.resolve(query.actor);
    if (!OnboardingViewers.sees(viewer, query.contractorId))
      throw new NotFoundError('contractor', query.contractorId);
    const view = await this.db.read(() =>
      this.reader.contractor(viewer.tenantId, query.contractorId),
    );
    if (!view) throw new NotFoundError('contractor', query.contractorId);
    return view;
  }
}
