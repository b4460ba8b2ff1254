import { Injectable } from '@nestjs/common';
import { decodeSortedCursor, Page, toPage } from '@opsledger/http';
import { Db, ilikePattern } from '@opsledger/persistence';
import {
  CustomerFilter,
  CustomerListOptions,
  CustomerSort,
  CustomerView,
} from '../../application/queries/customer.read-model';
import { CustomerReader } from '../../application/queries/customer.reader';
import { CustomerAddress } from '../../domain/customer-address';
import { CustomerStatus } from '../../domain/customer-lifecycle';

interface CustomerRow {
  id: string;
  tenant_id: string;
  email: string;
  phone: string | null;
  company_name: string | null;
  billing_address: CustomerAddress | null;
  service_address: CustomerAddress | null;
  user_id: string | null;
  is_active: boolean;
  status: CustomerStatus;
  created_at: Date;
  updated_at: Date;
  version: number;
}

const COLUMNS = `c.id, c.tenant_id, c.email, c.phone, c.company_name, c.billing_address, c.service_address, c.user_id,
  c.is_active, c.status, c.created_at, c.updated_at, c.version`;

/** Each sort is a key expression and the type its cursor value casts back to. */
const SORT_KEYS: Record<CustomerSort, { key: string; cast: string }> = {
  createdAt: { key: 'c.created_at', cast: 'timestamptz' },
  email: { key: 'c.email', cast: 'text' },
  companyName: { key: `COALESCE(c.company_name, '')`, cast: 'text' },
};

const toView = (r: CustomerRow): CustomerView => ({
  id: r.id,
  tenantId: r.tenant_id,
  email: r.email,
  phone: r.phone,
  companyName: r.company_name,
  billingAddress: r.billing_address,
  serviceAddress: r.service_address,
  userId: r.user_id,
  isActive: r.is_active,
  status: r.status,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  version: r.version,
});

/** Every query names its tenant; row-level security enforces the same boundary again. */
@Injectable()
export class SqlCustomerReader extends CustomerReader {
  constructor(private readonly db: Db) {
    super();
  }

  async getCustomer(tenantId: string, id: string): Promise<CustomerView | null> {
    const rows = (await this.db.manager.query(
      `SELECT ${COLUMNS} FROM customers c WHERE c.tenant_id = $1 AND c.id = $2`,
      [tenantId, id],
    )) as CustomerRow[];
    return rows[0] ? toView(rows[0]) : null;
  }

  async listCustomers(
    tenantId: string,
    filter: CustomerFilter,
    options: CustomerListOptions,
  ): Promise<Page<CustomerView>> {
    const params: unknown[] = [tenantId];
    const where = ['c.tenant_id = $1'];
    const param = (value: unknown) => `$${params.push(value)}`;
    if (filter.q !== undefined) {
      const p = param(ilikePattern(filter.q));
      where.push(`(c.email ILIKE ${p} OR c.company_name ILIKE ${p})`);
    }
    if (filter.status !== undefined) where.push(`c.status = ${param(filter.status)}`);
    if (filter.isActive !== undefined) where.push(`c.is_active = ${param(filter.isActive)}`);
    const { key, cast } = SORT_KEYS[options.sort];
    const descending = options.order === 'desc';
    const after = decodeSortedCursor(options.cursor, options.sort, options.order);
    if (after)
      where.push(
        `(${key}, c.id) ${descending ? '<' : '>'} (${param(after[0])}::${cast}, ${param(after[1])}::uuid)`,
      );
    const direction = descending ? 'DESC' : 'ASC';
    const rows = (await this.db.manager.query(
      `SELECT ${COLUMNS}, (${key})::text AS sort_key FROM customers c
        WHERE ${where.join(' AND ')}
        ORDER BY ${key} ${direction}, c.id ${direction} LIMIT ${param(options.limit + 1)}`,
      params,
    )) as Array<CustomerRow & { sort_key: string }>;
    return toPage(rows, options.limit, toView, (r) => [
      options.sort,
      options.order,
      r.sort_key,
      r.id,
    ]);
  }
}
