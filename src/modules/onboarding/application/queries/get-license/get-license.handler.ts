import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { Db } from '@opsledger/persistence';
import { assertSees } from '../../onboarding-access';
import { OnboardingViewers } from '../../onboarding-viewer';
import { LicenseView } from '../onboarding.read-model';
import { OnboardingReader } from '../onboarding.reader';
import { GetLicenseQuery } from './get-license.query';

/** Reviewers, or the contractor it belongs to (another contractor's is a 404). */
@QueryHandler(GetLicenseQuery)
export class GetLicenseHandler implements IQueryHandler<GetLicenseQuery, LicenseView> {
  constructor(
    private readonly db: Db,
    private readonly viewers: OnboardingViewers,
    private readonly reader: OnboardingReader,
  ) {}

  async execute(query: GetLicenseQuery): Promise<LicenseView> {
    const viewer = await this.viewers.resolve(query.actor);
    const view = await this.db.read(() => this.reader.license(viewer.tenantId, query.licenseId));
    assertSees(viewer, view, 'license', query.licenseId);
    return view as LicenseView;
  }
}
