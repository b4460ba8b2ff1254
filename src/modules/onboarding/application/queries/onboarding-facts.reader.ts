import type { OnboardingFacts } from '../../domain/onboarding-steps';

/** Port: what the wizard's step rules look at, read inside the submitting transaction. */
export abstract class OnboardingFactsReader {
  abstract facts(tenantId: string, contractorId: string, today: string): Promise<OnboardingFacts>;
}
