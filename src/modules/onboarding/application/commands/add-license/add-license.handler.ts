import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Db } from '@opsledger/persistence';
import { randomUUID } from 'node:crypto';
import { License } from '../../../domain/license.aggregate';
import { LicenseRepository } from '../../../domain/license.repository';
import { ownContractor } from '../../onboarding-access';
import { OnboardingViewers } from '../../onboarding-viewer';
import { ProgressChanges } from '../../progress-changes';
import { AddLicenseCommand } from './add-license.command';

/** A duplicate (contractor, state, number) is the table's unique key: a 409 naming licenseNumber. */
@CommandHandler(AddLicenseCommand)
export class AddLicenseHandler implements ICommandHandler<AddLicenseCommand, { id: string }> {
  constructor(
    private readonly db: Db,
    private readonly viewers: OnboardingViewers,
    private readonly licenses: LicenseRepository,
    private readonly changes: ProgressChanges,
  ) {}

  async execute(command: AddLicenseCommand): Promise<{ id: string }> {
    const viewer = await ownContractor(this.viewers, command.actor, command.contractorId);
    const license = License.add({
      id: randomUUID(),
      tenantId: viewer.tenantId,
      contractorId: viewer.contractorId,
      ...command.license,
    });
    await this.db.transaction(() => this.licenses.save(license));
    this.db.afterCommit(() => this.changes.committed(viewer.tenantId, viewer.contractorId));
    return { id: license.id };
  }
}
