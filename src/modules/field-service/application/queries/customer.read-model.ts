import { CustomerAddress } from '../../domain/customer-address';
import { CustomerStatus } from '../../domain/customer-lifecycle';

export interface CustomerView {
  id: string;
  tenantId: string;
  email: string;
  phone: string | null;
  companyName: string | null;
  billingAddress: CustomerAddress | null;
  serviceAddress: CustomerAddress | null;
  userId: string | null;
  isActive: boolean;
  status: CustomerStatus;
  createdAt: Date;
  updatedAt: Date;
  version: number;
}

export const CUSTOMER_SORTS = ['createdAt', 'email', 'companyName'] as const;
export type CustomerSort = (typeof CUSTOMER_SORTS)[number];

export interface CustomerFilter {
  /** Part of the email or company name, case-insensitive. */
  q?: string;
  status?: CustomerStatus;
  isActive?: boolean;
}

export interface CustomerListOptions {
  sort: CustomerSort;
  order: 'asc' | 'desc';
  limit: number;
  cursor?: string;
}
