import { Injectable } from '@nestjs/common';
import { Db } from '@opsledger/persistence';
import { OnboardingFactsReader } from '../../application/queries/onboarding-facts.reader';
import type { OnboardingFacts } from '../../domain/onboarding-steps';

@Injectable()
export class SqlOnboardingFactsReader extends OnboardingFactsReader {
  constructor(private readonly db: Db) {
    super();
  }

  async facts(tenantId: string, contractorId: string, today: string): Promise<OnboardingFacts> {
    const q = <T>(sql: string) =>
      this.db.manager.query(sql, [tenantId, contractorId]) as Promise<T[]>;
    // one connection: the queries run one after the other
    const profiles = await q<{
      legal_name: string;
      has_tax_id: boolean;
      email: string | null;
      phone: string | null;
      address_line1: string | null;
      city: string | null;
      state: string | null;
      postal_code: string | null;
    }>(
      `SELECT legal_name, tax_id IS NOT NULL AS has_tax_id, email, phone, address_line1, city, state, postal_code
         FROM business_profile WHERE tenant_id = $1 AND contractor_id = $2`,
    );
    const licenses = await q<{
      id: string;
      state: string;
      expiration_date: string | null;
      status: string;
    }>(
      `SELECT id, state, expiration_date::text AS expiration_date, status
         FROM license WHERE tenant_id = $1 AND contractor_id = $2 ORDER BY id`,
    );
    const policies = await q<{
      id: string;
      coverage_types: string[];
      expiration_date: string;
      verification_status: string;
      expired: boolean;
    }>(
      `SELECT id, coverage_types::text[] AS coverage_types, expiration_date::text AS expiration_date,
           verification_status, expired_at IS NOT NULL AS expired
         FROM insurance_policy WHERE tenant_id = $1 AND contractor_id = $2 ORDER BY id`,
    );
    const accounts = await q<{ id: string; verification_status: string }>(
      `SELECT id, verification_status FROM bank_account WHERE tenant_id = $1 AND contractor_id = $2 ORDER BY id`,
    );
    const p = profiles[0];
    return {
      today,
      profile: p
        ? {
            legalName: p.legal_name,
            hasTaxId: p.has_tax_id,
            email: p.email,
            phone: p.phone,
            addressLine1: p.address_line1,
            city: p.city,
            state: p.state,
            postalCode: p.postal_code,
          }
        : null,
      licenses: licenses.map((l) => ({
        id: l.id,
        state: l.state,
        expirationDate: l.expiration_date,
        status: l.status,
      })),
      policies: policies.map((x) => ({
        id: x.id,
        coverageTypes: x.coverage_types,
        expirationDate: x.expiration_date,
        verificationStatus: x.verification_status,
        expired: x.expired,
      })),
      bankAccounts: accounts.map((a) => ({ id: a.id, verificationStatus: a.verification_status })),
    };
  }
}
