import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { Db } from '@opsledger/persistence';
import { assertSees } from '../../onboarding-access';
import { OnboardingViewers } from '../../onboarding-viewer';
import { InsurancePolicyView } from '../onboarding.read-model';
import { OnboardingReader } from '../onboarding.reader';
import { GetInsurancePolicyQuery } from './get-insurance-policy.query';

/** Reviewers, or the contractor it belongs to (another contractor's is a 404). */
@QueryHandler(GetInsurancePolicyQuery)
export class GetInsurancePolicyHandler implements IQueryHandler<
  GetInsurancePolicyQuery,
  InsurancePolicyView
> {
  constructor(
    private readonly db: Db,
    private readonly viewers: OnboardingViewers,
    private readonly reader: OnboardingReader,
  ) {}

  async execute(query: GetInsurancePolicyQuery): Promise<InsurancePolicyView> {
    const viewer = await this.viewers.resolve(query.actor);
    const view = await this.db.read(() =>
      this.reader.insurancePolicy(viewer.tenantId, query.policyId),
    );
    assertSees(viewer, view, 'insurance policy', query.policyId);
    return view as InsurancePolicyView;
  }
}
