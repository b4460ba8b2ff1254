import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { assertVersion, NotFoundError } from '@opsledger/ddd';
import { Db } from '@opsledger/persistence';
import { InsurancePolicyRepository } from '../../../domain/insurance-policy.repository';
import { OnboardingClock } from '../../onboarding-clock';
import { OnboardingViewers } from '../../onboarding-viewer';
import { ProgressChanges } from '../../progress-changes';
import { VerifyInsurancePolicyCommand } from './verify-insurance-policy.command';

/** The `manual` provider: a reviewer confirms or refuses the policy. */
@CommandHandler(VerifyInsurancePolicyCommand)
export class VerifyInsurancePolicyHandler implements ICommandHandler<
  VerifyInsurancePolicyCommand,
  void
> {
  constructor(
    private readonly db: Db,
    private readonly viewers: OnboardingViewers,
    private readonly policies: InsurancePolicyRepository,
    private readonly clock: OnboardingClock,
    private readonly changes: ProgressChanges,
  ) {}

  async execute(command: VerifyInsurancePolicyCommand): Promise<void> {
    const viewer = await this.viewers.reviewer(command.actor);
    const contractorId = await this.db.transaction(async () => {
      const policy = await this.policies.findById(viewer.tenantId, command.policyId);
      if (!policy) throw new NotFoundError('insurance policy', command.policyId);
      assertVersion(policy, command.ifMatch);
      const now = this.clock.now();
      if (command.outcome.verified) policy.markVerified('manual', now);
      else policy.markVerificationFailed('manual', command.outcome.reason, now);
      await this.policies.save(policy);
      return policy.snapshot.contractorId;
    });
    this.db.afterCommit(() => this.changes.committed(viewer.tenantId, contractorId));
  }
}
