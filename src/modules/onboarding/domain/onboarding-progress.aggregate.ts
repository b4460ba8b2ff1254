import { AggregateRoot } from '@opsledger/ddd';
import {
  OnboardingStartedEvent,
  OnboardingStepCompletedEvent,
  OnboardingStepFailedEvent,
  OnboardingStepReopenedEvent,
} from './events/onboarding-progress.events';
import { StepOutOfOrderError } from './onboarding.errors';
import {
  FieldError,
  ONBOARDING_STEPS,
  OnboardingStep,
  stepName,
  stepNumber,
} from './onboarding-steps';

export interface OnboardingProgressState {
  tenantId: string;
  currentStep: number;
  completedSteps: number[];
  /** Per step name, the fields its last submission found wrong. */
  validationErrors: Partial<Record<OnboardingStep, FieldError[]>>;
  updatedAt: Date;
}

/**
 * A contractor's way through the wizard (spec 000 `onboarding_progress`), one per contractor
 * and keyed by it. A step may be submitted once every step before it is complete; a
 * submission with errors keeps them per field, a clean one completes the step and moves the
 * current step to the first one not complete.
 */
export class OnboardingProgress extends AggregateRoot {
  readonly streamType = 'onboarding-progress';

  private constructor(
    contractorId: string,
    version: number,
    private s: OnboardingProgressState,
  ) {
    super(contractorId, version);
  }

  static start(contractorId: string, tenantId: string, now = new Date()): OnboardingProgress {
    const p = new OnboardingProgress(contractorId, 0, {
      tenantId,
      currentStep: 1,
      completedSteps: [],
      validationErrors: {},
      updatedAt: now,
    });
    p.record(
      new OnboardingStartedEvent(contractorId, {
        tenantId,
        contractorId,
        currentStep: 1,
        completedSteps: [],
      }),
    );
    return p;
  }

  static rehydrate(
    contractorId: string,
    version: number,
    state: OnboardingProgressState,
  ): OnboardingProgress {
    return new OnboardingProgress(contractorId, version, {
      ...state,
      completedSteps: [...state.completedSteps],
    });
  }

  get snapshot(): Readonly<OnboardingProgressState> {
    return this.s;
  }

  isComplete(step: OnboardingStep): boolean {
    return this.s.completedSteps.includes(stepNumber(step));
  }

  /** Refuses a step whose earlier steps are not all complete. */
  assertReachable(step: OnboardingStep): void {
    const n = stepNumber(step);
    const missing = ONBOARDING_STEPS.slice(0, n - 1).filter((s) => !this.isComplete(s));
    if (missing.length > 0) throw new StepOutOfOrderError(step, missing);
  }

  /** Records the outcome of a submission: complete when `errors` is empty. */
  submitStep(step: OnboardingStep, errors: readonly FieldError[], now = new Date()): void {
    this.assertReachable(step);
    const n = stepNumber(step);
    const previous = {
      currentStep: this.s.currentStep,
      completedSteps: this.s.completedSteps,
    };
    const validationErrors = { ...this.s.validationErrors };
    if (errors.length > 0) {
      validationErrors[step] = [...errors];
      const completedSteps = this.s.completedSteps.filter((c) => c !== n);
      this.s = { ...this.s, currentStep: n, completedSteps, validationErrors, updatedAt: now };
      this.record(
        new OnboardingStepFailedEvent(
          this.id,
          {
            contractorId: this.id,
            step,
            currentStep: n,
            fields: errors.map((e) => e.field),
          },
          previous,
        ),
      );
      return;
    }
    delete validationErrors[step];
    const completedSteps = [...new Set([...this.s.completedSteps, n])].sort((a, b) => a - b);
    const currentStep = firstIncomplete(completedSteps);
    this.s = { ...this.s, currentStep, completedSteps, validationErrors, updatedAt: now };
    this.record(
      new OnboardingStepCompletedEvent(
        this.id,
        { contractorId: this.id, step, currentStep, completedSteps },
        previous,
      ),
    );
  }

  /** An item a completed step relied on lapsed: the step (and review) are open again. */
  reopen(step: OnboardingStep, now = new Date()): boolean {
    const reopened = [stepNumber(step), stepNumber('review')];
    if (!reopened.some((n) => this.s.completedSteps.includes(n))) return false;
    const previous = { currentStep: this.s.currentStep, completedSteps: this.s.completedSteps };
    const completedSteps = this.s.completedSteps.filter((c) => !reopened.includes(c));
    const currentStep = firstIncomplete(completedSteps);
    this.s = { ...this.s, completedSteps, currentStep, updatedAt: now };
    this.record(
      new OnboardingStepReopenedEvent(
        this.id,
        { contractorId: this.id, step, currentStep, completedSteps },
        previous,
      ),
    );
    return true;
  }
}

function firstIncomplete(completed: readonly number[]): number {
  for (let n = 1; n <= ONBOARDING_STEPS.length; n++)
    if (!completed.includes(n) && stepName(n)) return n;
  return ONBOARDING_STEPS.length;
}
