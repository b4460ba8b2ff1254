import type { Actor } from '@opsledger/persistence';
import type { OnboardingStep } from '../../../domain/onboarding-steps';

/** The contractor submits a wizard step; `review` hands the onboarding in. */
export class SubmitOnboardingStepCommand {
  constructor(
    readonly actor: Actor,
    readonly contractorId: string,
    readonly step: OnboardingStep,
    readonly ifMatch?: number,
  ) {}
}
