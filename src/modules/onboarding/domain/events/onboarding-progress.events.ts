import { DomainEvent, NO_PERSONAL_DATA } from '@opsledger/ddd';
import type { OnboardingStep } from '../onboarding-steps';

export class OnboardingStartedEvent extends DomainEvent<{
  tenantId: string;
  contractorId: string;
  currentStep: 1;
  completedSteps: number[];
}> {
  static readonly personalData = NO_PERSONAL_DATA;
  readonly type = 'onboarding.progress.started.v1';
}

export class OnboardingStepCompletedEvent extends DomainEvent<{
  contractorId: string;
  step: OnboardingStep;
  currentStep: number;
  completedSteps: number[];
}> {
  static readonly personalData = NO_PERSONAL_DATA;
  readonly type = 'onboarding.progress.step-completed.v1';
}

/** The fields a step found wrong, by name and reason; never their values. */
export class OnboardingStepFailedEvent extends DomainEvent<{
  contractorId: string;
  step: OnboardingStep;
  currentStep: number;
  fields: string[];
}> {
  static readonly personalData = NO_PERSONAL_DATA;
  readonly type = 'onboarding.progress.step-failed.v1';
}

/** A completed step is open again (an item it relied on lapsed). */
export class OnboardingStepReopenedEvent extends DomainEvent<{
  contractorId: string;
  step: OnboardingStep;
  currentStep: number;
  completedSteps: number[];
}> {
  static readonly personalData = NO_PERSONAL_DATA;
  readonly type = 'onboarding.progress.step-reopened.v1';
}
