import type { ContractorStatus } from '../../domain/contractor-lifecycle';
import type { FieldError, OnboardingStep } from '../../domain/onboarding-steps';

export interface ContractorView {
  id: string;
  userId: string;
  status: ContractorStatus;
  legalName: string | null;
  submittedAt: string | null;
  verifiedAt: string | null;
  createdAt: string;
  updatedAt: string;
  version: number;
}

export interface ProgressView {
  contractorId: string;
  currentStep: number;
  currentStepName: OnboardingStep;
  completedSteps: number[];
  steps: Array<{ number: number; name: OnboardingStep; complete: boolean }>;
  validationErrors: Partial<Record<OnboardingStep, FieldError[]>>;
  updatedAt: string;
  version: number;
}

export interface BusinessProfileView {
  contractorId: string;
  legalName: string;
  dbaName: string | null;
  /** Masked `***-**-1234`; the clear value only through the recorded reveal. */
  taxId: string | null;
  phone: string | null;
  email: string | null;
  website: string | null;
  addressLine1: string | null;
  addressLine2: string | null;
  city: string | null;
  state: string | null;
  postalCode: string | null;
  country: string | null;
  createdAt: string;
  updatedAt: string;
  version: number;
}

export interface LicenseView {
  id: string;
  contractorId: string;
  state: string;
  licenseNumber: string;
  licenseType: string | null;
  expirationDate: string | null;
  status: string;
  verifiedAt: string | null;
  expiredAt: string | null;
  version: number;
}

export interface InsurancePolicyView {
  id: string;
  contractorId: string;
  provider: string;
  policyNumber: string;
  coverageTypes: string[];
  expirationDate: string;
  verificationStatus: string;
  additionalInsured: boolean;
  lastCheckedAt: string | null;
  expiredAt: string | null;
  version: number;
}

/** Never a full account or routing number: the last four digits and the provider's ids. */
export interface BankAccountView {
  id: string;
  contractorId: string;
  accountType: string;
  last4: string | null;
  plaidItemId: string | null;
  plaidAccountId: string | null;
  verificationMethod: string;
  verificationStatus: string;
  verificationDate: string | null;
  microDepositAttempts: number;
  microDepositLockedUntil: string | null;
  version: number;
}

/** Everything a reviewer checks about one contractor, in one answer. */
export interface ComplianceView {
  contractor: ContractorView;
  businessProfile: BusinessProfileView | null;
  progress: ProgressView;
  licenses: LicenseView[];
  insurancePolicies: InsurancePolicyView[];
  bankAccounts: BankAccountView[];
}
