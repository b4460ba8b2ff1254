import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Db } from '@opsledger/persistence';
import { randomUUID } from 'node:crypto';
import { Contractor } from '../../../domain/contractor.aggregate';
import { ContractorRepository } from '../../../domain/contractor.repository';
import { OnboardingProgress } from '../../../domain/onboarding-progress.aggregate';
import { OnboardingProgressRepository } from '../../../domain/onboarding-progress.repository';
import {
  ContractorExistsError,
  ContractorUserRequiredError,
} from '../../../domain/onboarding.errors';
import { OnboardingViewers } from '../../onboarding-viewer';
import { RegisterContractorCommand } from './register-contractor.command';

/** A contractor starts pending, with its wizard at step 1, in one unit of work. */
@CommandHandler(RegisterContractorCommand)
export class RegisterContractorHandler implements ICommandHandler<
  RegisterContractorCommand,
  { id: string }
> {
  constructor(
    private readonly db: Db,
    private readonly viewers: OnboardingViewers,
    private readonly contractors: ContractorRepository,
    private readonly progress: OnboardingProgressRepository,
  ) {}

  async execute({ actor }: RegisterContractorCommand): Promise<{ id: string }> {
    const tenantId = this.viewers.tenantOf(actor);
    if (!actor.id || actor.type !== 'user') throw new ContractorUserRequiredError();
    const userId = actor.id;
    return this.db.transaction(async () => {
      if (await this.contractors.findByUserId(tenantId, userId)) throw new ContractorExistsError();
      const contractor = Contractor.register({ id: randomUUID(), tenantId, userId });
      await this.contractors.save(contractor);
      await this.progress.save(OnboardingProgress.start(contractor.id, tenantId));
      return { id: contractor.id };
    });
  }
}
