import { Injectable } from '@nestjs/common';
import { Money } from '@opsledger/ddd';
import { AggregateWriter } from '@opsledger/event-store';
import { Db } from '@opsledger/persistence';
import { Contract, ContractStatus } from '../../domain/contract.aggregate';
import { BillingCycle } from '../../domain/contract-billing-cycle';
import { ContractRepository } from '../../domain/contract.repository';

interface ContractRow {
  id: string;
  tenant_id: string;
  contract_number: string;
  customer_id: string;
  start_date: string;
  end_date: string;
  terms: string | null;
  value: string;
  billing_cycle: BillingCycle;
  status: ContractStatus;
  is_active: boolean;
  created_at: Date;
  version: number;
}

/** Money and dates are read as text: numeric stays exact and a date gains no time zone. */
const COLUMNS = `id, tenant_id, contract_number, customer_id, start_date::text AS start_date, end_date::text AS end_date, terms,
  value::text AS value, billing_cycle, status, is_active, created_at, version`;

@Injectable()
export class SqlContractRepository extends ContractRepository {
  constructor(
    private readonly db: Db,
    private readonly writer: AggregateWriter,
  ) {
    super();
  }

  async findById(tenantId: string, id: string): Promise<Contract | null> {
    const rows = (await this.db.manager.query(
      `SELECT ${COLUMNS} FROM contracts WHERE id = $1 AND tenant_id = $2 FOR UPDATE`,
      [id, tenantId],
    )) as ContractRow[];
    const row = rows[0];
    if (!row) return null;
    return Contract.rehydrate(row.id, row.version, {
      tenantId: row.tenant_id,
      contractNumber: row.contract_number,
      customerId: row.customer_id,
      startDate: row.start_date,
      endDate: row.end_date,
      terms: row.terms,
      value: Money.parse(row.value),
      billingCycle: row.billing_cycle,
      status: row.status,
      isActive: row.is_active,
      createdAt: row.created_at,
      deleted: false,
    });
  }

  async contractNumberExists(tenantId: string, contractNumber: string): Promise<boolean> {
    const rows = (await this.db.manager.query(
      `SELECT 1 FROM contracts WHERE tenant_id = $1 AND contract_number = $2`,
      [tenantId, contractNumber],
    )) as unknown[];
    return rows.length > 0;
  }

  async save(contract: Contract): Promise<void> {
    const s = contract.snapshot;
    await this.writer.save(
      contract,
      s.tenantId,
      async ({ manager, expectedVersion, nextVersion, isNew }) => {
        if (isNew) {
          await manager.query(
            `INSERT INTO contracts (id, tenant_id, contract_number, customer_id, start_date, end_date, terms, value, billing_cycle, status,
             is_active, created_at, updated_at, version)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12, $13)`,
            [
              contract.id,
              s.tenantId,
              s.contractNumber,
              s.customerId,
              s.startDate,
              s.endDate,
              s.terms,
              s.value.toString(),
              s.billingCycle,
              s.status,
              s.isActive,
              s.createdAt,
              nextVersion,
            ],
          );
          return true;
        }
        if (s.deleted) {
          const deleted = (await manager.query(
            `DELETE FROM contracts WHERE id = $1 AND tenant_id = $2 AND version = $3 RETURNING id`,
            [contract.id, s.tenantId, expectedVersion],
          )) as [unknown[], number];
          return deleted[1] === 1;
        }
        const updated = (await manager.query(
          `UPDATE contracts SET start_date = $4, end_date = $5, terms = $6, value = $7, billing_cycle = $8, status = $9, is_active = $10,
           version = $11
         WHERE id = $1 AND tenant_id = $2 AND version = $3 RETURNING id`,
          [
            contract.id,
            s.tenantId,
            expectedVersion,
            s.startDate,
            s.endDate,
            s.terms,
            s.value.toString(),
            s.billingCycle,
            s.status,
            s.isActive,
            nextVersion,
          ],
        )) as [unknown[], number];
        return updated[1] === 1;
      },
    );
  }
}
