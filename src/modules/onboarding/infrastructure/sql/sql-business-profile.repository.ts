import { Injectable } from '@nestjs/common';
import { AggregateWriter } from '@opsledger/event-store';
import { Db } from '@opsledger/persistence';
import { BusinessProfile } from '../../domain/business-profile.aggregate';
import { BusinessProfileRepository } from '../../domain/business-profile.repository';
import { PROFILE_COLUMNS, ProfileRow } from './onboarding-rows.sql';

@Injectable()
export class SqlBusinessProfileRepository extends BusinessProfileRepository {
  constructor(
    private readonly db: Db,
    private readonly writer: AggregateWriter,
  ) {
    super();
  }

  async findByContractor(tenantId: string, contractorId: string): Promise<BusinessProfile | null> {
    const rows = (await this.db.manager.query(
      `SELECT ${PROFILE_COLUMNS} FROM business_profile WHERE tenant_id = $1 AND contractor_id = $2 FOR UPDATE`,
      [tenantId, contractorId],
    )) as ProfileRow[];
    const r = rows[0];
    if (!r) return null;
    return BusinessProfile.rehydrate(r.contractor_id, r.version, {
      tenantId: r.tenant_id,
      legalName: r.legal_name,
      dbaName: r.dba_name,
      phone: r.phone,
      email: r.email,
      website: r.website,
      addressLine1: r.address_line1,
      addressLine2: r.address_line2,
      city: r.city,
      state: r.state,
      postalCode: r.postal_code,
      country: r.country,
      taxId: r.tax_id && r.tax_id_last4 ? { sealed: r.tax_id, last4: r.tax_id_last4 } : null,
    });
  }

  async save(profile: BusinessProfile): Promise<void> {
    const s = profile.snapshot;
    const values = [
      s.legalName,
      s.dbaName,
      s.taxId?.sealed ?? null,
      s.taxId?.last4 ?? null,
      s.phone,
      s.email,
      s.website,
      s.addressLine1,
      s.addressLine2,
      s.city,
      s.state,
      s.postalCode,
      s.country,
    ];
    await this.writer.save(
      profile,
      s.tenantId,
      async ({ manager, expectedVersion, nextVersion, isNew }) => {
        if (isNew) {
          await manager.query(
            `INSERT INTO business_profile (contractor_id, tenant_id, legal_name, dba_name, tax_id, tax_id_last4, phone, email,
               website, address_line1, address_line2, city, state, postal_code, country, version)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)`,
            [profile.id, s.tenantId, ...values, nextVersion],
          );
          return true;
        }
        const updated = (await manager.query(
          `UPDATE business_profile SET legal_name = $4, dba_name = $5, tax_id = $6, tax_id_last4 = $7, phone = $8,
             email = $9, website = $10, address_line1 = $11, address_line2 = $12, city = $13, state = $14,
             postal_code = $15, country = $16, version = $17
           WHERE contractor_id = $1 AND tenant_id = $2 AND version = $3 RETURNING contractor_id`,
          [profile.id, s.tenantId, expectedVersion, ...values, nextVersion],
        )) as [unknown[], number];
        return updated[1] === 1;
      },
    );
  }
}
