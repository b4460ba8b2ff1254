import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { assertVersion, NotFoundError } from '@opsledger/ddd';
import { Db } from '@opsledger/persistence';
import { ContractorRepository } from '../../../domain/contractor.repository';
import { OnboardingClock } from '../../onboarding-clock';
import { ProgressChanges } from '../../progress-changes';
import { OnboardingViewers } from '../../onboarding-viewer';
import { ApproveContractorCommand } from './approve-contractor.command';

@CommandHandler(ApproveContractorCommand)
export class ApproveContractorHandler implements ICommandHandler<ApproveContractorCommand, void> {
  constructor(
    private readonly db: Db,
    private readonly viewers: OnboardingViewers,
    private readonly contractors: ContractorRepository,
    private readonly clock: OnboardingClock,
    private readonly changes: ProgressChanges,
  ) {}

  async execute(command: ApproveContractorCommand): Promise<void> {
    const viewer = await this.viewers.reviewer(command.actor);
    await this.db.transaction(async () => {
      const contractor = await this.contractors.findById(viewer.tenantId, command.contractorId);
      if (!contractor) throw new NotFoundError('contractor', command.contractorId);
      assertVersion(contractor, command.ifMatch);
      contractor.approve(command.actor.id ?? 'system', this.clock.now());
      await this.contractors.save(contractor);
      this.db.afterCommit(() => this.changes.committed(viewer.tenantId, command.contractorId));
    });
  }
}
