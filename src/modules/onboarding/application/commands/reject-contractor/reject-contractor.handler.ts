import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { assertVersion, NotFoundError } from '@opsledger/ddd';
import { Db } from '@opsledger/persistence';
import { ContractorRepository } from '../../../domain/contractor.repository';
import { ProgressChanges } from '../../progress-changes';
import { OnboardingViewers } from '../../onboarding-viewer';
import { RejectContractorCommand } from './reject-contractor.command';

@CommandHandler(RejectContractorCommand)
export class RejectContractorHandler implements ICommandHandler<RejectContractorCommand, void> {
  constructor(
    private readonly db: Db,
    private readonly viewers: OnboardingViewers,
    private readonly contractors: ContractorRepository,
    private readonly changes: ProgressChanges,
  ) {}

  async execute(command: RejectContractorCommand): Promise<void> {
    const viewer = await this.viewers.reviewer(command.actor);
    await this.db.transaction(async () => {
      const contractor = await this.contractors.findById(viewer.tenantId, command.contractorId);
      if (!contractor) throw new NotFoundError('contractor', command.contractorId);
      assertVersion(contractor, command.ifMatch);
      contractor.reject(command.actor.id ?? 'system', command.reasons);
      await this.contractors.save(contractor);
      this.db.afterCommit(() => this.changes.committed(viewer.tenantId, command.contractorId));
    });
  }
}
