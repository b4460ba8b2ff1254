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
