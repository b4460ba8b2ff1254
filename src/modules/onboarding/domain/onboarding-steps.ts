import { daysBetween } from './onboarding-text';

/** The wizard's numbered steps (onboarding_progress.current_step, completed_steps). */
export const ONBOARDING_STEPS = [
  'business_profile',
  'licenses',
  'insurance',
  'bank_account',
  'documents',
  'review',
] as const;
export type OnboardingStep = (typeof ONBOARDING_STEPS)[number];

export const stepNumber = (step: OnboardingStep): number => ONBOARDING_STEPS.indexOf(step) + 1;
export const stepName = (n: number): OnboardingStep | undefined => ONBOARDING_STEPS[n - 1];

/** A field a step found wrong, and why (never the value). */
export interface FieldError {
  field: string;
  message: string;
}

/** What the step rules look at: presence and dates, never a secret value. */
export interface OnboardingFacts {
  today: string;
  profile: {
    legalName: string;
    hasTaxId: boolean;
    email: string | null;
    phone: string | null;
    addressLine1: string | null;
    city: string | null;
    state: string | null;
    postalCode: string | null;
  } | null;
  licenses: Array<{ id: string; state: string; expirationDate: string | null; status: string }>;
  policies: Array<{
    id: string;
    coverageTypes: string[];
    expirationDate: string;
    verificationStatus: string;
    expired: boolean;
  }>;
  bankAccounts: Array<{ id: string; verificationStatus: string }>;
}

const REQUIRED_PROFILE_FIELDS = [
  'email',
  'phone',
  'addressLine1',
  'city',
  'state',
  'postalCode',
] as const;

/**
 * The rules of each step. A step is complete when nothing is wrong; the documents step has no
 * rule of this context's own (the documents part of the onboarding adds its checks there).
 */
export function stepErrors(step: OnboardingStep, facts: OnboardingFacts): FieldError[] {
  switch (step) {
    case 'business_profile': {
      const p = facts.profile;
      if (!p) return [{ field: 'legalName', message: 'The business profile is not filled in' }];
      const errors: FieldError[] = [];
      if (!p.hasTaxId) errors.push({ field: 'taxId', message: 'taxId is required' });
      for (const field of REQUIRED_PROFILE_FIELDS)
        if (!p[field]) errors.push({ field, message: `${field} is required` });
      return errors;
    }
    case 'licenses': {
      if (facts.licenses.length === 0)
        return [{ field: 'licenses', message: 'Add at least one state license' }];
      return facts.licenses
        .filter(
          (l) =>
            l.status === 'expired' || (l.expirationDate !== null && l.expirationDate < facts.today),
        )
        .map((l) => ({
          field: `licenses.${l.id}.expirationDate`,
          message: `The ${l.state} license has expired`,
        }));
    }
    case 'insurance': {
      const current = facts.policies.filter(
        (p) => !p.expired && daysBetween(facts.today, p.expirationDate) >= 0,
      );
      const errors: FieldError[] = facts.policies
        .filter((p) => !current.includes(p))
        .map((p) => ({
          field: `policies.${p.id}.expirationDate`,
          message: 'The policy has expired',
        }));
      if (!current.some((p) => p.coverageTypes.includes('gl')))
        errors.push({
          field: 'coverageTypes',
          message: 'A current general liability (gl) policy is required',
        });
      for (const p of current.filter((x) => x.verificationStatus === 'failed'))
        errors.push({
          field: `policies.${p.id}.verificationStatus`,
          message: 'The provider could not verify this policy',
        });
      return errors;
    }
    case 'bank_account': {
      if (facts.bankAccounts.length === 0)
        return [{ field: 'bankAccounts', message: 'Add a bank account for payouts' }];
      if (facts.bankAccounts.every((a) => a.verificationStatus === 'failed'))
        return [{ field: 'bankAccounts', message: 'No bank account could be verified' }];
      return [];
    }
    case 'documents':
      return [];
    case 'review':
      return [];
  }
}
