import { Injectable } from '@nestjs/common';
import { Page } from '@opsledger/http';
import { Db } from '@opsledger/persistence';
import { ContractStatus } from '../../domain/contract.aggregate';
import { BillingCycle } from '../../domain/contract-billing-cycle';
import {
  ContractListFilter,
  ContractScope,
  ContractSort,
  ContractSortKey,
  ContractView,
} from '../../application/queries/contract.read-model';
import { ContractReader } from '../../application/queries/contract.reader';
import { keysetPage, SortType, sortOf, SqlConditions } from './billing-list.sql';

interface ContractRow {
  id: string;
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
  updated_at: Date;
  version: number;
}

const COLUMNS = `x.id, x.contract_number, x.customer_id, x.start_date::text AS start_date, x.end_date::text AS end_date, x.terms,
  x.value::text AS value, x.billing_cycle, x.status, x.is_active, x.created_at, x.updated_at, x.version`;

const SORTS: Record<ContractSortKey, { expr: string; type: SortType }> = {
  createdAt: { expr: 'x.created_at', type: 'timestamptz' },
  startDate: { expr: 'x.start_date', type: 'date' },
  endDate: { expr: 'x.end_date', type: 'date' },
  contractNumber: { expr: 'x.contract_number', type: 'text' },
  value: { expr: 'x.value', type: 'numeric' },
};

const toView = (r: ContractRow): ContractView => ({
  id: r.id,
  contractNumber: r.contract_number,
  customerId: r.customer_id,
  startDate: r.start_date,
  endDate: r.end_date,
  terms: r.terms,
  value: r.value,
  billingCycle: r.billing_cycle,
  status: r.status,
  isActive: r.is_active,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  version: r.version,
});

/** The tenant's contracts; for a customer only its own. PostgreSQL's tenant policy applies the tenant rule again. */
@Injectable()
export class SqlContractReader extends ContractReader {
  constructor(private readonly db: Db) {
    super();
  }

  async getContract(scope: ContractScope, id: string): Promise<ContractView | null> {
    const conditions = this.scoped(scope);
    conditions.add(`x.id = ${conditions.param(id)}`);
    const rows = (await this.db.manager.query(
      `SELECT ${COLUMNS} FROM contracts x WHERE ${conditions.where.join(' AND ')}`,
      conditions.params,
    )) as ContractRow[];
    return rows[0] ? toView(rows[0]) : null;
  }

  listContracts(
    scope: ContractScope,
    filter: ContractListFilter,
    sort: ContractSort,
    limit: number,
    cursor: string | undefined,
  ): Promise<Page<ContractView>> {
    const conditions = this.scoped(scope);
    if (filter.status) conditions.add(`x.status = ${conditions.param(filter.status)}`);
    if (filter.customerId)
      conditions.add(`x.customer_id = ${conditions.param(filter.customerId)}::uuid`);
    if (filter.billingCycle)
      conditions.add(`x.billing_cycle = ${conditions.param(filter.billingCycle)}`);
    if (filter.endsBefore)
      conditions.add(`x.end_date < ${conditions.param(filter.endsBefore)}::date`);
    if (filter.endsAfter)
      conditions.add(`x.end_date > ${conditions.param(filter.endsAfter)}::date`);
    if (filter.isActive !== undefined)
      conditions.add(`x.is_active = ${conditions.param(filter.isActive)}`);
    const { key, descending } = sortOf<ContractSortKey>(sort);
    return keysetPage(this.db.manager, {
      columns: COLUMNS,
      table: 'contracts',
      conditions,
      sort: { name: key, ...SORTS[key], descending },
      limit,
      cursor,
      map: toView,
    });
  }

  private scoped(scope: ContractScope): SqlConditions {
    const conditions = new SqlConditions();
    conditions.add(`x.tenant_id = ${conditions.param(scope.tenantId)}`);
    if (scope.customerId) conditions.add(`x.customer_id = ${conditions.param(scope.customerId)}`);
    return conditions;
  }
}
