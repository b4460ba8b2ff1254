import { OnboardingProgress } from './onboarding-progress.aggregate';

/** Port: the wizard progress of one contractor (keyed by the contractor id). */
export abstract class OnboardingProgressRepository {
  /** Locks the row for the rest of the transaction. */
  abstract findByContractor(
    tenantId: string,
    contractorId: string,
  ): Promise<OnboardingProgress | null>;
  abstract save(progress: OnboardingProgress): Promise<void>;
}
