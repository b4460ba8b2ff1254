import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { assertVersion } from '@opsledger/ddd';
import { Db } from '@opsledger/persistence';
import { InsurancePolicyRepository } from '../../../domain/insurance-policy.repository';
import { assertSees } from '../../onboarding-access';
import { OnboardingViewers } from '../../onboarding-viewer';
import { ProgressChanges } from '../../progress-changes';
import { RemoveInsurancePolicyCommand } from './remove-insurance-policy.command';

@CommandHandler(RemoveInsurancePolicyCommand)
export class RemoveInsurancePolicyHandler implements ICommandHandler<
  RemoveInsurancePolicyCommand,
  void
> {
  constructor(
    private readonly db: Db,
    private readonly viewers: OnboardingViewers,
    private readonly policies: InsurancePolicyRepository,
    private readonly changes: ProgressChanges,
  ) {}

  async execute(command: RemoveInsurancePolicyCommand): Promise<void> {
    const viewer = await this.viewers.contractor(command.actor);
    await this.db.transaction(async () => {
      const policy = await this.policies.findById(viewer.tenantId, command.policyId);
      assertSees(viewer, policy?.snapshot ?? null, 'insurance policy', command.policyId);
      assertVersion(policy!, command.ifMatch);
      policy!.remove();
      await this.policies.save(policy!);
    });
    this.db.afterCommit(() => this.changes.committed(viewer.tenantId, viewer.contractorId));
  }
}
