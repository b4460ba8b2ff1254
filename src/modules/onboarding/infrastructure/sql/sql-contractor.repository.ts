import { Injectable } from '@nestjs/common';
import { AggregateWriter } from '@opsledger/event-store';
import { Db } from '@opsledger/persistence';
import { Contractor } from '../../domain/contractor.aggregate';
import { ContractorRepository } from '../../domain/contractor.repository';
import { CONTRACTOR_COLUMNS, ContractorRow } from './onboarding-rows.sql';

@Injectable()
export class SqlContractorRepository extends ContractorRepository {
  constructor(
    private readonly db: Db,
    private readonly writer: AggregateWriter,
  ) {
    super();
  }

  async findById(tenantId: string, id: string): Promise<Contractor | null> {
    const rows = (await this.db.manager.query(
      `SELECT ${CONTRACTOR_COLUMNS} FROM contractor WHERE tenant_id = $1 AND id = $2 FOR UPDATE`,
      [tenantId, id],
    )) as ContractorRow[];
    return rows[0] ? toContractor(rows[0]) : null;
  }

  async findByUserId(tenantId: string, userId: string): Promise<Contractor | null> {
    const rows = (await this.db.manager.query(
      `SELECT ${CONTRACTOR_COLUMNS} FROM contractor WHERE tenant_id = $1 AND user_id = $2 FOR UPDATE`,
      [tenantId, userId],
    )) as ContractorRow[];
    return rows[0] ? toContractor(rows[0]) : null;
  }

  async save(contractor: Contractor): Promise<void> {
    const s = contractor.snapshot;
    await this.writer.save(
      contractor,
      s.tenantId,
      async ({ manager, expectedVersion, nextVersion, isNew }) => {
        if (isNew) {
          await manager.query(
            `INSERT INTO contractor (id, tenant_id, user_id, status, submitted_at, verified_at, created_at, updated_at, version)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $7, $8)`,
            [
              contractor.id,
              s.tenantId,
              s.userId,
              s.status,
              s.submittedAt,
              s.verifiedAt,
              s.createdAt,
              nextVersion,
            ],
          );
          return true;
        }
        const updated = (await manager.query(
          `UPDATE contractor SET status = $4, submitted_at = $5, verified_at = $6, version = $7
           WHERE id = $1 AND tenant_id = $2 AND version = $3 RETURNING id`,
          [
            contractor.id,
            s.tenantId,
            expectedVersion,
            s.status,
            s.submittedAt,
            s.verifiedAt,
            nextVersion,
          ],
        )) as [unknown[], number];
        return updated[1] === 1;
      },
    );
  }
}

function toContractor(r: ContractorRow): Contractor {
  return Contractor.rehydrate(r.id, r.version, {
    tenantId: r.tenant_id,
    userId: r.user_id,
    status: r.status,
    submittedAt: r.submitted_at,
    verifiedAt: r.verified_at,
    createdAt: r.created_at,
  });
}
