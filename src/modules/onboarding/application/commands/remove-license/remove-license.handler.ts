import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { assertVersion } from '@opsledger/ddd';
import { Db } from '@opsledger/persistence';
import { LicenseRepository } from '../../../domain/license.repository';
import { assertSees } from '../../onboarding-access';
import { OnboardingViewers } from '../../onboarding-viewer';
import { ProgressChanges } from '../../progress-changes';
import { RemoveLicenseCommand } from './remove-license.command';

@CommandHandler(RemoveLicenseCommand)
export class RemoveLicenseHandler implements ICommandHandler<RemoveLicenseCommand, void> {
  constructor(
    private readonly db: Db,
    private readonly viewers: OnboardingViewers,
    private readonly licenses: LicenseRepository,
    private readonly changes: ProgressChanges,
  ) {}

  async execute(command: RemoveLicenseCommand): Promise<void> {
    const viewer = await this.viewers.contractor(command.actor);
    await this.db.transaction(async () => {
      const license = await this.licenses.findById(viewer.tenantId, command.licenseId);
      assertSees(viewer, license?.snapshot ?? null, 'license', command.licenseId);
      assertVersion(license!, command.ifMatch);
      license!.remove();
      await this.licenses.save(license!);
    });
    this.db.afterCommit(() => this.changes.committed(viewer.tenantId, viewer.contractorId));
  }
}
