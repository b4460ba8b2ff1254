import type { ContractorStatus } from '../../domain/contractor-lifecycle';
import type {
  BankAccountType,
  BankVerificationMethod,
  BankVerificationStatus,
} from '../../domain/events/bank-account.events';
import type {
  CoverageType,
  InsuranceProvider,
  LicenseStatus,
  PolicyVerificationStatus,
} from '../../domain/events/compliance-item.events';

/** Rows of the onboarding tables as `pg` returns them (dates as `YYYY-MM-DD` text). */
export interface ContractorRow {
  id: string;
  tenant_id: string;
  user_id: string;
  status: ContractorStatus;
  submitted_at: Date | null;
  verified_at: Date | null;
  created_at: Date;
  version: number;
}

export const CONTRACTOR_COLUMNS = `id, tenant_id, user_id, status, submitted_at, verified_at, created_at, version`;

export interface LicenseRow {
  id: string;
  tenant_id: string;
  contractor_id: string;
  state: string;
  license_number: string;
  license_type: string | null;
  expiration_date: string | null;
  status: LicenseStatus;
  verified_at: Date | null;
  expired_at: Date | null;
  expiry_notice_for: string | null;
  version: number;
}

export const LICENSE_COLUMNS = `id, tenant_id, contractor_id, state, license_number, license_type,
  expiration_date::text AS expiration_date, status, verified_at, expired_at,
  expiry_notice_for::text AS expiry_notice_for, version`;

export interface InsurancePolicyRow {
  id: string;
  tenant_id: string;
  contractor_id: string;
  provider: InsuranceProvider;
  policy_number: string;
  coverage_types: CoverageType[];
  expiration_date: string;
  verification_status: PolicyVerificationStatus;
  additional_insured: boolean | null;
  last_checked_at: Date | null;
  expired_at: Date | null;
  expiry_notice_for: string | null;
  version: number;
}

/** The enum array comes back as text[] so `pg` parses it into an array. */
export const INSURANCE_POLICY_COLUMNS = `id, tenant_id, contractor_id, provider, policy_number,
  coverage_types::text[] AS coverage_types, expiration_date::text AS expiration_date,
  verification_status, additional_insured, last_checked_at, expired_at,
  expiry_notice_for::text AS expiry_notice_for, version`;

export interface BankAccountRow {
  id: string;
  tenant_id: string;
  contractor_id: string;
  account_type: BankAccountType;
  plaid_item_id: string | null;
  plaid_account_id: string | null;
  last4: string | null;
  verification_method: BankVerificationMethod;
  verification_status: BankVerificationStatus;
  verification_date: Date | null;
  micro_deposit_hash: string | null;
  micro_deposit_sent_at: Date | null;
  micro_deposit_attempts: number;
  micro_deposit_locked_until: Date | null;
  version: number;
}

export const BANK_ACCOUNT_COLUMNS = `id, tenant_id, contractor_id, account_type, plaid_item_id, plaid_account_id,
  last4, verification_method, verification_status, verification_date, micro_deposit_hash,
  micro_deposit_sent_at, micro_deposit_attempts, micro_deposit_locked_until, version`;
