import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { assertVersion, NotFoundError } from '@opsledger/ddd';
import { Db } from '@opsledger/persistence';
import { BusinessProfile } from '../../../domain/business-profile.aggregate';
import { BusinessProfileRepository } from '../../../domain/business-profile.repository';
import { SealedTaxId, TaxId } from '../../../domain/tax-id';
import { OnboardingViewers } from '../../onboarding-viewer';
import { ProgressChanges } from '../../progress-changes';
import { TaxIdCipher } from '../../tax-id-cipher.port';
import { SetBusinessProfileCommand } from './set-business-profile.command';

/** The tax id is sealed here, bound to tenant and contractor, before anything stores it. */
@CommandHandler(SetBusinessProfileCommand)
export class SetBusinessProfileHandler implements ICommandHandler<SetBusinessProfileCommand, void> {
  constructor(
    private readonly db: Db,
    private readonly viewers: OnboardingViewers,
    private readonly profiles: BusinessProfileRepository,
    private readonly cipher: TaxIdCipher,
    private readonly changes: ProgressChanges,
  ) {}

  async execute(command: SetBusinessProfileCommand): Promise<void> {
    const viewer = await this.viewers.contractor(command.actor);
    if (viewer.contractorId !== command.contractorId)
      throw new NotFoundError('contractor', command.contractorId);
    const taxId = command.taxId === undefined ? null : TaxId.parse(command.taxId);
    const sealed: SealedTaxId | null = taxId && {
      sealed: this.cipher.seal(taxId.value, viewer.tenantId, command.contractorId),
      last4: taxId.last4,
    };
    await this.db.transaction(async () => {
      const existing = await this.profiles.findByContractor(viewer.tenantId, command.contractorId);
      if (existing) {
        assertVersion(existing, command.ifMatch);
        existing.save(command.details, sealed);
        await this.profiles.save(existing);
      } else {
        await this.profiles.save(
          BusinessProfile.create(command.contractorId, viewer.tenantId, command.details, sealed),
        );
      }
      this.db.afterCommit(() => this.changes.committed(viewer.tenantId, command.contractorId));
    });
  }
}
