import { Injectable } from '@nestjs/common';
import { AggregateWriter } from '@opsledger/event-store';
import { Db } from '@opsledger/persistence';
import { InsurancePolicy } from '../../domain/insurance-policy.aggregate';
import { InsurancePolicyRepository } from '../../domain/insurance-policy.repository';
import { INSURANCE_POLICY_COLUMNS, InsurancePolicyRow } from './onboarding-rows.sql';

@Injectable()
export class SqlInsurancePolicyRepository extends InsurancePolicyRepository {
  constructor(
    private readonly db: Db,
    private readonly writer: AggregateWriter,
  ) {
    super();
  }

  async findById(tenantId: string, id: string): Promise<InsurancePolicy | null> {
    const rows = (await this.db.manager.query(
      `SELECT ${INSURANCE_POLICY_COLUMNS} FROM insurance_policy WHERE tenant_id = $1 AND id = $2 FOR UPDATE`,
      [tenantId, id],
    )) as InsurancePolicyRow[];
    return rows[0] ? toPolicy(rows[0]) : null;
  }

  async listByContractor(tenantId: string, contractorId: string): Promise<InsurancePolicy[]> {
    const rows = (await this.db.manager.query(
      `SELECT ${INSURANCE_POLICY_COLUMNS} FROM insurance_policy WHERE tenant_id = $1 AND contractor_id = $2 ORDER BY id FOR UPDATE`,
      [tenantId, contractorId],
    )) as InsurancePolicyRow[];
    return rows.map(toPolicy);
  }

  async save(policy: InsurancePolicy): Promise<void> {
    const s = policy.snapshot;
    await this.writer.save(
      policy,
      s.tenantId,
      async ({ manager, expectedVersion, nextVersion, isNew }) => {
        if (s.removed) {
          const deleted = (await manager.query(
            `DELETE FROM insurance_policy WHERE id = $1 AND tenant_id = $2 AND version = $3`,
            [policy.id, s.tenantId, expectedVersion],
          )) as [unknown[], number];
          return deleted[1] === 1;
        }
        if (isNew) {
          await manager.query(
            `INSERT INTO insurance_policy (id, tenant_id, contractor_id, provider, policy_number, coverage_types,
               expiration_date, verification_status, additional_insured, last_checked_at, expired_at,
               expiry_notice_for, version)
             VALUES ($1, $2, $3, $4, $5, $6::insurance_coverage[], $7, $8, $9, $10, $11, $12, $13)`,
            [
              policy.id,
              s.tenantId,
              s.contractorId,
              s.provider,
              s.policyNumber,
              s.coverageTypes,
              s.expirationDate,
              s.verificationStatus,
              s.additionalInsured,
              s.lastCheckedAt,
              s.expiredAt,
              s.expiryNoticeFor,
              nextVersion,
            ],
          );
          return true;
        }
        const updated = (await manager.query(
          `UPDATE insurance_policy SET coverage_types = $4::insurance_coverage[], expiration_date = $5,
             verification_status = $6, additional_insured = $7, last_checked_at = $8, expired_at = $9,
             expiry_notice_for = $10, version = $11
           WHERE id = $1 AND tenant_id = $2 AND version = $3 RETURNING id`,
          [
            policy.id,
            s.tenantId,
            expectedVersion,
            s.coverageTypes,
            s.expirationDate,
            s.verificationStatus,
            s.additionalInsured,
            s.lastCheckedAt,
            s.expiredAt,
            s.expiryNoticeFor,
            nextVersion,
          ],
        )) as [unknown[], number];
        return updated[1] === 1;
      },
    );
  }
}

function toPolicy(r: InsurancePolicyRow): InsurancePolicy {
  return InsurancePolicy.rehydrate(r.id, r.version, {
    tenantId: r.tenant_id,
    contractorId: r.contractor_id,
    provider: r.provider,
    policyNumber: r.policy_number,
    coverageTypes: r.coverage_types,
    expirationDate: r.expiration_date,
    verificationStatus: r.verification_status,
    additionalInsured: r.additional_insured ?? false,
    lastCheckedAt: r.last_checked_at,
    expiredAt: r.expired_at,
    expiryNoticeFor: r.expiry_notice_for,
    removed: false,
  });
}
