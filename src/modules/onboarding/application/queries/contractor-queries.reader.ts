import type { Page } from '@opsledger/http';
import type { ContractorStatus } from '../../domain/contractor-lifecycle';
import type { ContractorView } from './onboarding.read-model';

/** What a reviewer's contractor list asks for; every field narrows it (AND). */
export interface ContractorFilter {
  status?: ContractorStatus;
  /** Two-letter state: the business profile's state or the state of one of its licenses. */
  state?: string;
  /** A license (not expired) or policy (not expired) expiring between `today` and today + N days. */
  expiringWithinDays?: number;
  /** Case-insensitive text in the business profile's legal name (`%` and `_` literal). */
  q?: string;
}

export interface ExpiringItemView {
  kind: 'license' | 'insurance_policy';
  id: string;
  contractorId: string;
  expirationDate: string;
}

export interface ContractorDashboardView {
  byStatus: Record<ContractorStatus, number>;
  expiringWithinDays: number;
  expiring: { licenses: number; insurancePolicies: number; items: ExpiringItemView[] };
  /** Mean of verified_at - created_at (sign-up to approval) over verified contractors; null without any. */
  averageTimeToVerificationSeconds: number | null;
}

/** Port: the reviewers' queries over every contractor of a tenant. */
export abstract class ContractorQueriesReader {
  abstract contractors(
    tenantId: string,
    filter: ContractorFilter,
    today: string,
    limit: number,
    cursor: string | undefined,
  ): Promise<Page<ContractorView>>;

  abstract dashboard(
    tenantId: string,
    today: string,
    withinDays: number,
    itemLimit: number,
  ): Promise<ContractorDashboardView>;
}
