import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { NotFoundError } from '@opsledger/ddd';
import { Db } from '@opsledger/persistence';
import { OnboardingViewers } from '../../onboarding-viewer';
import { ComplianceView } from '../onboarding.read-model';
import { OnboardingReader } from '../onboarding.reader';
import { GetComplianceQuery } from './get-compliance.query';

/** A contractor's full compliance picture, read in one read-only unit of work. */
@QueryHandler(GetComplianceQuery)
export class GetComplianceHandler implements IQueryHandler<GetComplianceQuery, ComplianceView> {
  constructor(
    private readonly db: Db,
    private readonly viewers: OnboardingViewers,
    private readonly reader: OnboardingReader,
  ) {}

  async execute(query: GetComplianceQuery): Promise<ComplianceView> {
    const viewer = await this.viewers.resolve(query.actor);
    const id = query.contractorId;
    if (!OnboardingViewers.sees(viewer, id)) throw new NotFoundError('contractor', id);
    return this.db.read(async () => {
      const contractor = await this.reader.contractor(viewer.tenantId, id);
      const progress = await this.reader.progress(viewer.tenantId, id);
      if (!contractor || !progress) throw new NotFoundError('contractor', id);
      return {
        contractor,
        progress,
        businessProfile: await this.reader.businessProfile(viewer.tenantId, id),
        licenses: await this.reader.licenses(viewer.tenantId, id),
        insurancePolicies: await this.reader.insurancePolicies(viewer.tenantId, id),
        bankAccounts: await this.reader.bankAccounts(viewer.tenantId, id),
      };
    });
  }
}
