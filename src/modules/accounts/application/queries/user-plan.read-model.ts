import { PlanLimitsTable, PlanName, PlanStatus } from '../../domain/plan';

export interface StoredPlanView {
  id: string;
  userId: string;
  planName: PlanName;
  status: PlanStatus;
  stripeCustomerId: string | null;
  stripeSubscriptionId: string | null;
  currentPeriodStart: Date | null;
  currentPeriodEnd: Date | null;
  createdAt: Date;
  updatedAt: Date;
  version: number;
}

/** A user's plan as answered: the stored one, or the implicit free plan (id null, version 0). */
export interface UserPlanView extends Omit<StoredPlanView, 'id' | 'createdAt' | 'updatedAt'> {
  id: string | null;
  isDefault: boolean;
  createdAt: Date | null;
  updatedAt: Date | null;
  limits: PlanLimitsTable & { planName: PlanName };
}
