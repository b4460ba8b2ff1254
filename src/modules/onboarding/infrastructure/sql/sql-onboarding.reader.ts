import { Injectable } from '@nestjs/common';
import { Db } from '@opsledger/persistence';
import {
  BusinessProfileView,
  ContractorView,
  ProgressView,
} from '../../application/queries/onboarding.read-model';
import { OnboardingReader } from '../../application/queries/onboarding.reader';
import { ONBOARDING_STEPS, stepName } from '../../domain/onboarding-steps';
import { maskTaxId } from '../../domain/tax-id';
import {
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
