import { Injectable } from '@nestjs/common';
import { AggregateWriter } from '@opsledger/event-store';
import { Db } from '@opsledger/persistence';
import { License } from '../../domain/license.aggregate';
import { LicenseRepository } from '../../domain/license.repository';
import { LICENSE_COLUMNS, LicenseRow } from './onboarding-rows.sql';

@Injectable()
export class SqlLicenseRepository extends LicenseRepository {
  constructor(
    private readonly db: Db,
    private readonly writer: AggregateWriter,
  ) {
    super();
  }

  async findById(tenantId: string, id: string): Promise<License | null> {
    const rows = (await this.db.manager.query(
      `SELECT ${LICENSE_COLUMNS} FROM license WHERE tenant_id = $1 AND id = $2 FOR UPDATE`,
      [tenantId, id],
    )) as LicenseRow[];
    return rows[0] ? toLicense(rows[0]) : null;
  }

  async listByContractor(tenantId: string, contractorId: string): Promise<License[]> {
    const rows = (await this.db.manager.query(
      `SELECT ${LICENSE_COLUMNS} FROM license WHERE tenant_id = $1 AND contractor_id = $2 ORDER BY id FOR UPDATE`,
      [tenantId, contractorId],
    )) as LicenseRow[];
    return rows.map(toLicense);
  }

  async save(license: License): Promise<void> {
    const s = license.snapshot;
    await this.writer.save(
      license,
      s.tenantId,
      async ({ manager, expectedVersion, nextVersion, isNew }) => {
        if (s.removed) {
          const deleted = (await manager.query(
            `DELETE FROM license WHERE id = $1 AND tenant_id = $2 AND version = $3`,
            [license.id, s.tenantId, expectedVersion],
          )) as [unknown[], number];
          return deleted[1] === 1;
        }
        if (isNew) {
          await manager.query(
            `INSERT INTO license (id, tenant_id, contractor_id, state, license_number, license_type, expiration_date,
               status, verified_at, expired_at, expiry_notice_for, version)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
            [
              license.id,
              s.tenantId,
              s.contractorId,
              s.state,
              s.licenseNumber,
              s.licenseType,
              s.expirationDate,
              s.status,
              s.verifiedAt,
              s.expiredAt,
              s.expiryNoticeFor,
              nextVersion,
            ],
          );
          return true;
        }
        const updated = (await manager.query(
          `UPDATE license SET license_type = $4, expiration_date = $5, status = $6, verified_at = $7,
             expired_at = $8, expiry_notice_for = $9, version = $10
           WHERE id = $1 AND tenant_id = $2 AND version = $3 RETURNING id`,
          [
            license.id,
            s.tenantId,
            expectedVersion,
            s.licenseType,
            s.expirationDate,
            s.status,
            s.verifiedAt,
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

function toLicense(r: LicenseRow): License {
  return License.rehydrate(r.id, r.version, {
    tenantId: r.tenant_id,
    contractorId: r.contractor_id,
    state: r.state,
    licenseNumber: r.license_number,
    licenseType: r.license_type,
    expirationDate: r.expiration_date,
    status: r.status,
    verifiedAt: r.verified_at,
    expiredAt: r.expired_at,
    expiryNoticeFor: r.expiry_notice_for,
    removed: false,
  });
}
