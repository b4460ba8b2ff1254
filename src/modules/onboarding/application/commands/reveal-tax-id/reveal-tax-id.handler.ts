import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { NotFoundError } from '@opsledger/ddd';
import { Db } from '@opsledger/persistence';
import { BusinessProfileRepository } from '../../../domain/business-profile.repository';
import { NoTaxIdError } from '../../../domain/onboarding.errors';
import { OnboardingViewers } from '../../onboarding-viewer';
import { TaxIdCipher } from '../../tax-id-cipher.port';
import { RevealTaxIdCommand } from './reveal-tax-id.command';

/**
 * Reviewers only. The reveal is recorded in the ledger (who, whose, why) in the same unit of
 * work that reads the ciphertext: no reveal without its record.
 */
@CommandHandler(RevealTaxIdCommand)
export class RevealTaxIdHandler implements ICommandHandler<RevealTaxIdCommand, { taxId: string }> {
  constructor(
    private readonly db: Db,
    private readonly viewers: OnboardingViewers,
    private readonly profiles: BusinessProfileRepository,
    private readonly cipher: TaxIdCipher,
  ) {}

  async execute(command: RevealTaxIdCommand): Promise<{ taxId: string }> {
    const viewer = await this.viewers.reviewer(command.actor);
    return this.db.transaction(async () => {
      const profile = await this.profiles.findByContractor(viewer.tenantId, command.contractorId);
      if (!profile) throw new NotFoundError('contractor', command.contractorId);
      const sealed = profile.snapshot.taxId;
      if (!sealed) throw new NoTaxIdError();
      const taxId = this.cipher.open(sealed.sealed, viewer.tenantId, command.contractorId);
      profile.recordReveal(command.purpose);
      await this.profiles.save(profile);
      return { taxId };
    });
  }
}
