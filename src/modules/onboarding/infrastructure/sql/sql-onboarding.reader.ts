import { Injectable } from '@nestjs/common';
import { Db } from '@opsledger/persistence';
import {
  BankAccountView,
  BusinessProfileView,
  ContractorView,
  InsurancePolicyView,
  LicenseView,
  ProgressView,
} from '../../application/queries/onboarding.read-model';
import { OnboardingReader } from '../../application/queries/onboarding.reader';
import { ONBOARDING_STEPS, stepName } from '../../domain/onboarding-steps';
import { maskTaxId } from '../../domain/tax-id';
import {
  BANK_ACCOUNT_COLUMNS,
  BankAccountRow,
  INSURANCE_POLICY_COLUMNS,
  InsurancePolicyRow,
  LICENSE_COLUMNS,
  LicenseRow,
  CONTRACTOR_COLUMNS,
  ContractorRow,
  PROFILE_COLUMNS,
  ProfileRow,
  PROGRESS_COLUMNS,
  ProgressRow,
} from './onboarding-rows.sql';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

@Injectable()
export class SqlOnboardingReader extends OnboardingReader {
  constructor(private readonly db: Db) {
    super();
  }

  async contractor(tenantId: string, id: string): Promise<ContractorView | null> {
    const rows = (await this.db.manager.query(
      `SELECT ${CONTRACTOR_COLUMNS.split(', ')
        .map((c) => `c.${c}`)
        .join(', ')}, c.updated_at, p.legal_name
       FROM contractor c LEFT JOIN business_profile p ON p.contractor_id = c.id
       WHERE c.tenant_id = $1 AND c.id = $2`,
      [tenantId, id],
    )) as Array<ContractorRow & { updated_at: Date; legal_name: string | null }>;
    const r = rows[0];
    return r ? contractorView(r) : null;
  }

  async businessProfile(
    tenantId: string,
    contractorId: string,
  ): Promise<BusinessProfileView | null> {
    const rows = (await this.db.manager.query(
      `SELECT ${PROFILE_COLUMNS} FROM business_profile WHERE tenant_id = $1 AND contractor_id = $2`,
      [tenantId, contractorId],
    )) as ProfileRow[];
    const r = rows[0];
    if (!r) return null;
    return {
      contractorId: r.contractor_id,
      legalName: r.legal_name,
      dbaName: r.dba_name,
      taxId: r.tax_id_last4 ? maskTaxId(r.tax_id_last4) : null,
      phone: r.phone,
      email: r.email,
      website: r.website,
      addressLine1: r.address_line1,
      addressLine2: r.address_line2,
      city: r.city,
      state: r.state,
      postalCode: r.postal_code,
      country: r.country,
      createdAt: r.created_at.toISOString(),
      updatedAt: r.updated_at.toISOString(),
      version: r.version,
    };
  }

  async progress(tenantId: string, contractorId: string): Promise<ProgressView | null> {
    const rows = (await this.db.manager.query(
      `SELECT ${PROGRESS_COLUMNS} FROM onboarding_progress WHERE tenant_id = $1 AND contractor_id = $2`,
      [tenantId, contractorId],
    )) as ProgressRow[];
    const r = rows[0];
    if (!r) return null;
    const completed = [...r.completed_steps].sort((a, b) => a - b);
    return {
      contractorId: r.contractor_id,
      currentStep: r.current_step,
      currentStepName: stepName(r.current_step) ?? 'business_profile',
      completedSteps: completed,
      steps: ONBOARDING_STEPS.map((name, i) => ({
        number: i + 1,
        name,
        complete: completed.includes(i + 1),
      })),
      validationErrors: (r.validation_errors ?? {}) as ProgressView['validationErrors'],
      updatedAt: r.updated_at.toISOString(),
      version: r.version,
    };
  }

  async license(tenantId: string, id: string): Promise<LicenseView | null> {
    const rows = (await this.db.manager.query(
      `SELECT ${LICENSE_COLUMNS} FROM license WHERE tenant_id = $1 AND id = $2`,
      [tenantId, id],
    )) as LicenseRow[];
    return rows[0] ? licenseView(rows[0]) : null;
  }

  async licenses(tenantId: string, contractorId: string): Promise<LicenseView[]> {
    const rows = (await this.db.manager.query(
      `SELECT ${LICENSE_COLUMNS} FROM license WHERE tenant_id = $1 AND contractor_id = $2 ORDER BY state, license_number`,
      [tenantId, contractorId],
    )) as LicenseRow[];
    return rows.map(licenseView);
  }

  async insurancePolicy(tenantId: string, id: string): Promise<InsurancePolicyView | null> {
    const rows = (await this.db.manager.query(
      `SELECT ${INSURANCE_POLICY_COLUMNS} FROM insurance_policy WHERE tenant_id = $1 AND id = $2`,
      [tenantId, id],
    )) as InsurancePolicyRow[];
    return rows[0] ? policyView(rows[0]) : null;
  }

  async insurancePolicies(tenantId: string, contractorId: string): Promise<InsurancePolicyView[]> {
    const rows = (await this.db.manager.query(
      `SELECT ${INSURANCE_POLICY_COLUMNS} FROM insurance_policy WHERE tenant_id = $1 AND contractor_id = $2 ORDER BY expiration_date, id`,
      [tenantId, contractorId],
    )) as InsurancePolicyRow[];
    return rows.map(policyView);
  }

  async bankAccount(tenantId: string, id: string): Promise<BankAccountView | null> {
    const rows = (await this.db.manager.query(
      `SELECT ${BANK_ACCOUNT_COLUMNS} FROM bank_account WHERE tenant_id = $1 AND id = $2`,
      [tenantId, id],
    )) as BankAccountRow[];
    return rows[0] ? accountView(rows[0]) : null;
  }

  async bankAccounts(tenantId: string, contractorId: string): Promise<BankAccountView[]> {
    const rows = (await this.db.manager.query(
      `SELECT ${BANK_ACCOUNT_COLUMNS} FROM bank_account WHERE tenant_id = $1 AND contractor_id = $2 ORDER BY id`,
      [tenantId, contractorId],
    )) as BankAccountRow[];
    return rows.map(accountView);
  }
}

function licenseView(r: LicenseRow): LicenseView {
  return {
    id: r.id,
    contractorId: r.contractor_id,
    state: r.state,
    licenseNumber: r.license_number,
    licenseType: r.license_type,
    expirationDate: r.expiration_date,
    status: r.status,
    verifiedAt: iso(r.verified_at),
    expiredAt: iso(r.expired_at),
    version: r.version,
  };
}

function policyView(r: InsurancePolicyRow): InsurancePolicyView {
  return {
    id: r.id,
    contractorId: r.contractor_id,
    provider: r.provider,
    policyNumber: r.policy_number,
    coverageTypes: r.coverage_types,
    expirationDate: r.expiration_date,
    verificationStatus: r.verification_status,
    additionalInsured: r.additional_insured ?? false,
    lastCheckedAt: iso(r.last_checked_at),
    expiredAt: iso(r.expired_at),
    version: r.version,
  };
}

function accountView(r: BankAccountRow): BankAccountView {
  return {
    id: r.id,
    contractorId: r.contractor_id,
    accountType: r.account_type,
    last4: r.last4,
    plaidItemId: r.plaid_item_id,
    plaidAccountId: r.plaid_account_id,
    verificationMethod: r.verification_method,
    verificationStatus: r.verification_status,
    verificationDate: iso(r.verification_date),
    microDepositAttempts: r.micro_deposit_attempts,
    microDepositLockedUntil: iso(r.micro_deposit_locked_until),
    version: r.version,
  };
}

export function contractorView(
  r: ContractorRow & { updated_at: Date; legal_name: string | null },
): ContractorView {
  return {
    id: r.id,
    userId: r.user_id,
    status: r.status,
    legalName: r.legal_name,
    submittedAt: iso(r.submitted_at),
    verifiedAt: iso(r.verified_at),
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
    version: r.version,
  };
}
