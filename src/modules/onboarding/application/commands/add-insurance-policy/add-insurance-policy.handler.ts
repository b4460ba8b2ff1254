import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Db } from '@opsledger/persistence';
import { randomUUID } from 'node:crypto';
import { InsurancePolicy } from '../../../domain/insurance-policy.aggregate';
import { InsurancePolicyRepository } from '../../../domain/insurance-policy.repository';
import { ownContractor } from '../../onboarding-access';
import { OnboardingViewers } from '../../onboarding-viewer';
import { ProgressChanges } from '../../progress-changes';
import { AddInsurancePolicyCommand } from './add-insurance-policy.command';

@CommandHandler(AddInsurancePolicyCommand)
export class AddInsurancePolicyHandler implements ICommandHandler<
  AddInsurancePolicyCommand,
  { id: string }
> {
  constructor(
    private readonly db: Db,
    private readonly viewers: OnboardingViewers,
    private readonly policies: InsurancePolicyRepository,
    private readonly changes: ProgressChanges,
  ) {}

  async execute(command: AddInsurancePolicyCommand): Promise<{ id: string }> {
    const viewer = await ownContractor(this.viewers, command.actor, command.contractorId);
    const policy = InsurancePolicy.add({
      id: randomUUID(),
      tenantId: viewer.tenantId,
      contractorId: viewer.contractorId,
      ...command.policy,
    });
    await this.db.transaction(() => this.policies.save(policy));
    this.db.afterCommit(() => this.changes.committed(viewer.tenantId, viewer.contractorId));
    return { id: policy.id };
  }
}
