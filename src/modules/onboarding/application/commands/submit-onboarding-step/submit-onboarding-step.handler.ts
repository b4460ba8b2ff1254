import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { assertVersion, NotFoundError } from '@opsledger/ddd';
import { Db } from '@opsledger/persistence';
import { CONTRACTOR_LIFECYCLE } from '../../../domain/contractor-lifecycle';
import { ContractorRepository } from '../../../domain/contractor.repository';
import { OnboardingProgressRepository } from '../../../domain/onboarding-progress.repository';
import { StepValidationFailedError } from '../../../domain/onboarding.errors';
import { FieldError, stepErrors } from '../../../domain/onboarding-steps';
import { dayOf } from '../../../domain/onboarding-text';
import { OnboardingClock } from '../../onboarding-clock';
import { OnboardingFactsReader } from '../../queries/onboarding-facts.reader';
import { ProgressChanges } from '../../progress-changes';
import { OnboardingViewers } from '../../onboarding-viewer';
import { SubmitOnboardingStepCommand } from './submit-onboarding-step.command';

/**
 * Validates a step against what the contractor entered and records the outcome. A step with
 * errors is stored with them (committed) and then answered 422 naming each field; a clean
 * `review` step submits the contractor for review in the same unit of work.
 */
@CommandHandler(SubmitOnboardingStepCommand)
export class SubmitOnboardingStepHandler implements ICommandHandler<
  SubmitOnboardingStepCommand,
  void
> {
  constructor(
    private readonly db: Db,
    private readonly viewers: OnboardingViewers,
    private readonly contractors: ContractorRepository,
    private readonly progress: OnboardingProgressRepository,
    private readonly facts: OnboardingFactsReader,
    private readonly clock: OnboardingClock,
    private readonly changes: ProgressChanges,
  ) {}

  async execute(command: SubmitOnboardingStepCommand): Promise<void> {
    const viewer = await this.viewers.contractor(command.actor);
    if (viewer.contractorId !== command.contractorId)
      throw new NotFoundError('contractor', command.contractorId);
    const errors = await this.db.transaction(async (): Promise<FieldError[]> => {
      const progress = await this.progress.findByContractor(viewer.tenantId, command.contractorId);
      if (!progress) throw new NotFoundError('contractor', command.contractorId);
      assertVersion(progress, command.ifMatch);
      progress.assertReachable(command.step);
      const now = this.clock.now();
      const found = stepErrors(
        command.step,
        await this.facts.facts(viewer.tenantId, command.contractorId, dayOf(now)),
      );
      progress.submitStep(command.step, found, now);
      await this.progress.save(progress);
      if (command.step === 'review' && found.length === 0) {
        const contractor = await this.contractors.findById(viewer.tenantId, command.contractorId);
        if (!contractor) throw new NotFoundError('contractor', command.contractorId);
        // a contractor already in review (an item lapsed and was fixed) stays there
        if (CONTRACTOR_LIFECYCLE.can(contractor.status, 'submit')) contractor.submit(now);
        await this.contractors.save(contractor);
      }
      this.db.afterCommit(() => this.changes.committed(viewer.tenantId, command.contractorId));
      return found;
    });
    if (errors.length > 0) throw new StepValidationFailedError(command.step, errors);
  }
}
