import type { BusinessProfileView, ContractorView, ProgressView } from './onboarding.read-model';

/** Port: the onboarding context's reads (never aggregates). */
export abstract class OnboardingReader {
  abstract contractor(tenantId: string, id: string): Promise<ContractorView | null>;
  abstract businessProfile(
    tenantId: string,
    contractorId: string,
  ): Promise<BusinessProfileView | null>;
  abstract progress(tenantId: string, contractorId: string): Promise<ProgressView | null>;
}
