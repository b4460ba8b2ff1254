import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Db } from '@opsledger/persistence';
import { ContractorRepository } from '../../../domain/contractor.repository';
import { InsurancePolicy } from '../../../domain/insurance-policy.aggregate';
import { InsurancePolicyRepository } from '../../../domain/insurance-policy.repository';
import { License } from '../../../domain/license.aggregate';
import { LicenseRepository } from '../../../domain/license.repository';
import { OnboardingProgressRepository } from '../../../domain/onboarding-progress.repository';
import { ExpiryJobOnlyError } from '../../../domain/onboarding.errors';
import { OnboardingClock } from '../../onboarding-clock';
import { ProgressChanges } from '../../progress-changes';
import { ExpireComplianceItemCommand, ExpiryOutcome } from './expire-compliance-item.command';

/**
 * Runs inside the job's claiming transaction, which already holds the item's row lock (the
 * load below joins it), so no other worker changes the same item. Every change goes through
 * the aggregates and their repositories, which append the events to the ledger with the
 * item's tenant and the system actor.
 */
@CommandHandler(ExpireComplianceItemCommand)
export class ExpireComplianceItemHandler implements ICommandHandler<
  ExpireComplianceItemCommand,
  ExpiryOutcome
> {
  constructor(
    private readonly db: Db,
    private readonly licenses: LicenseRepository,
    private readonly policies: InsurancePolicyRepository,
    private readonly contractors: ContractorRepository,
    private readonly progress: OnboardingProgressRepository,
    private readonly clock: OnboardingClock,
    private readonly changes: ProgressChanges,
  ) {}

  async execute(command: ExpireComplianceItemCommand): Promise<ExpiryOutcome> {
    const { actor, item } = command;
    if (actor.type !== 'system' || !actor.tenantId) throw new ExpiryJobOnlyError();
    const tenantId = actor.tenantId;
    const now = this.clock.now();
    const done = await this.db.transaction(async () => {
      const found: License | InsurancePolicy | null =
        item.kind === 'license'
          ? await this.licenses.findById(tenantId, item.id)
          : await this.policies.findById(tenantId, item.id);
      if (!found) return null;
      const contractorId = found.snapshot.contractorId;
      let outcome: ExpiryOutcome = 'unchanged';
      if (found.expireIfDue(now)) outcome = 'expired';
      else if (found.announceExpiryIfDue(now, command.withinDays)) outcome = 'announced';
      if (outcome === 'unchanged') return null;
      if (found instanceof License) await this.licenses.save(found);
      else await this.policies.save(found);
      if (outcome === 'expired') await this.lapse(tenantId, contractorId, command);
      return { contractorId, outcome };
    });
    if (!done) return 'unchanged';
    if (done.outcome === 'expired')
      this.db.afterCommit(() => this.changes.committed(tenantId, done.contractorId));
    return done.outcome;
  }

  /** A lapsed item reopens its wizard step and sends a verified contractor back to review. */
  private async lapse(
    tenantId: string,
    contractorId: string,
    command: ExpireComplianceItemCommand,
  ): Promise<void> {
    const contractor = await this.contractors.findById(tenantId, contractorId);
    if (contractor?.reopenForLapse([command.item])) await this.contractors.save(contractor);
    const progress = await this.progress.findByContractor(tenantId, contractorId);
    const step = command.item.kind === 'license' ? 'licenses' : 'insurance';
    if (progress?.reopen(step, this.clock.now())) await this.progress.save(progress);
  }
}
