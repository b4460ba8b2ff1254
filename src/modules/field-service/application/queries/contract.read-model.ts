import type { ContractStatus } from '../../domain/contract.aggregate';
import type { BillingCycle } from '../../domain/contract-billing-cycle';

export interface ContractView {
  id: string;
  contractNumber: string;
  customerId: string;
  startDate: string;
  endDate: string;
  terms: string | null;
  value: string;
  billingCycle: BillingCycle;
  status: ContractStatus;
  isActive: boolean;
  createdAt: Date;
  updatedAt: Date;
  version: number;
}

export interface ContractListFilter {
  status?: ContractStatus;
  customerId?: string;
  billingCycle?: BillingCycle;
  /** Ending strictly before / after this date (`YYYY-MM-DD`). */
  endsBefore?: string;
  endsAfter?: string;
  isActive?: boolean;
}

export const CONTRACT_SORT_KEYS = [
  'createdAt',
  'startDate',
  'endDate',
  'contractNumber',
  'value',
] as const;
export type ContractSortKey = (typeof CONTRACT_SORT_KEYS)[number];
/** A key sorts ascending, `-key` descending. */
export type ContractSort = ContractSortKey | `-${ContractSortKey}`;
export const CONTRACT_SORTS: readonly ContractSort[] = CONTRACT_SORT_KEYS.flatMap((key) => [
  key,
  `-${key}` as const,
]);

/** What a viewer may see: a customer only its own contracts. */
export interface ContractScope {
  tenantId: string;
  customerId: string | null;
}
