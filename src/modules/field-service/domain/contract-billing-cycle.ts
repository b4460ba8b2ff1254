export const BILLING_CYCLES = ['monthly', 'quarterly', 'annually'] as const;
export type BillingCycle = (typeof BILLING_CYCLES)[number];
