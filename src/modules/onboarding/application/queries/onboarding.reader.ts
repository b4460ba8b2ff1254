import type {
  BankAccountView,
  BusinessProfileView,
  ContractorView,
  InsurancePolicyView,
  LicenseView,
  ProgressView,
} from './onboarding.read-model';

/** Port: the onboarding context's reads (never aggregates). */
export abstract class OnboardingReader {
  abstract contractor(tenantId: string, id: string): Promise<ContractorView | null>;
  abstract businessProfile(
    tenantId: string,
    contractorId: string,
  ): Promise<BusinessProfileView | null>;
  abstract progress(tenantId: string, contractorId: string): Promise<ProgressView | null>;
  abstract license(tenantId: string, id: string): Promise<LicenseView | null>;
  abstract insurancePolicy(tenantId: string, id: string): Promise<InsurancePolicyView | null>;
  abstract bankAccount(tenantId: string, id: string): Promise<BankAccountView | null>;
  abstract licenses(tenantId: string, contractorId: string): Promise<LicenseView[]>;
  abstract insurancePolicies(
    tenantId: string,
    contractorId: string,
  ): Promise<InsurancePolicyView[]>;
  abstract bankAccounts(tenantId: string, contractorId: string): Promise<BankAccountView[]>;
}
