import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { assertVersion, NotFoundError } from '@opsledger/ddd';
import { Db } from '@opsledger/persistence';
import { LicenseRepository } from '../../../domain/license.repository';
import { OnboardingClock } from '../../onboarding-clock';
import { OnboardingViewers } from '../../onboarding-viewer';
import { ProgressChanges } from '../../progress-changes';
import { VerifyLicenseCommand } from './verify-license.command';

@CommandHandler(VerifyLicenseCommand)
export class VerifyLicenseHandler implements ICommandHandler<VerifyLicenseCommand, void> {
  constructor(
    private readonly db: Db,
    private readonly viewers: OnboardingViewers,
    private readonly licenses: LicenseRepository,
    private readonly clock: OnboardingClock,
    private readonly changes: ProgressChanges,
  ) {}

  async execute(command: VerifyLicenseCommand): Promise<void> {
    const viewer = await this.viewers.reviewer(command.actor);
    const contractorId = await this.db.transaction(async () => {
      const license = await this.licenses.findById(viewer.tenantId, command.licenseId);
      if (!license) throw new NotFoundError('license', command.licenseId);
      assertVersion(license, command.ifMatch);
      license.verify(this.clock.now());
      await this.licenses.save(license);
      return license.snapshot.contractorId;
    });
    this.db.afterCommit(() => this.changes.committed(viewer.tenantId, contractorId));
  }
}
