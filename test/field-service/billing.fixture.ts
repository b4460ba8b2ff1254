import { superuserClient } from '@opsledger/testing';
import { randomUUID } from 'node:crypto';
import { createTenantWithMembers, TenantMember } from '../support/tenant-fixture';
import { TestApp } from '../support/test-app';

/**
 * Shared set-up of the invoice and contract suites. Customers, technicians, work orders and
 * parts belong to other parts of the context, so they are written straight into their tables
 * (as the migrations define them) rather than through endpoints that may not exist yet.
 */
export type Res = {
  statusCode: number;
  headers: Record<string, unknown>;
  body: string;
  json(): any;
};

export const UNKNOWN_ID = '0b7c3c5e-4f1a-4c55-9d1e-5a7a4d6f0c11';

export function expectProblem(res: Res, status: number, field?: string): void {
  if (res.statusCode !== status)
    throw new Error(`expected ${status}, got ${res.statusCode}: ${res.body}`);
  expect(String(res.headers['content-type'])).toContain('application/problem+json');
  expect(res.json().status).toBe(status);
  if (field) expect(res.json().errors?.map((e: { field: string }) => e.field)).toContain(field);
}

export function expectStatus(res: Res, status: number): any {
  if (res.statusCode !== status)
    throw new Error(`expected ${status}, got ${res.statusCode}: ${res.body}`);
  return res.statusCode === 204 ? undefined : res.json();
}

export interface BillingTenant {
  tenantId: string;
  dispatcher: TenantMember;
  /** A portal user linked to `customerId`. */
  customerUser: TenantMember;
  /** A portal user linked to `otherCustomerId`. */
  otherCustomerUser: TenantMember;
  /** A technician's user (linked to `technicianId`). */
  technicianUser: TenantMember;
  customerId: string;
  otherCustomerId: string;
  technicianId: string;
}

async function sql<T = any>(t: TestApp, text: string, params: unknown[] = []): Promise<T[]> {
  const c = await superuserClient(t.db.url);
  try {
    return (await c.query(text, params)).rows as T[];
  } finally {
    await c.end();
  }
}

export { sql as superuserQuery };

export async function createBillingTenant(
  t: TestApp,
  admin: string,
  withPortalUsers = true,
): Promise<BillingTenant> {
  const roles = withPortalUsers
    ? {
        dispatcher: 'dispatcher',
        customerUser: 'member',
        otherCustomerUser: 'member',
        technicianUser: 'member',
      }
    : { dispatcher: 'dispatcher' };
  const { tenantId, members } = await createTenantWithMembers(
    t,
    admin,
    roles as Record<string, string>,
  );
  const customerId = randomUUID();
  const otherCustomerId = randomUUID();
  const technicianId = randomUUID();
  const c = await superuserClient(t.db.url);
  try {
    await c.query(
      `INSERT INTO customers (id, tenant_id, user_id, email, company_name) VALUES ($1, $2, $3, $4, 'Acme Ltd'), ($5, $2, $6, $7, 'Other Ltd')`,
      [
        customerId,
        tenantId,
        members.customerUser?.id ?? null,
        `billing-${customerId.slice(0, 8)}@example.com`,
        otherCustomerId,
        members.otherCustomerUser?.id ?? null,
        `billing-${otherCustomerId.slice(0, 8)}@example.com`,
      ],
    );
    await c.query(
      `INSERT INTO technicians (id, tenant_id, user_id, license_number, first_name, last_name, hourly_rate) VALUES ($1, $2, $3, $4, 'Ada', 'Tech', 85.50)`,
      [
        technicianId,
        tenantId,
        members.technicianUser?.id ?? null,
        `LIC-${technicianId.slice(0, 8)}`,
      ],
    );
  } finally {
    await c.end();
  }
  return {
    tenantId,
    dispatcher: members.dispatcher,
    customerUser: members.customerUser,
    otherCustomerUser: members.otherCustomerUser,
    technicianUser: members.technicianUser,
    customerId,
    otherCustomerId,
    technicianId,
  };
}

export interface WorkOrderSeed {
  status?: string;
  laborHours?: string | null;
  technician?: boolean;
  /** Parts as [quantity, unit cost, status]. */
  parts?: Array<[number, string, string]>;
}

/** A work order with its parts, straight into the tables (see the note at the top). */
export async function createWorkOrder(
  t: TestApp,
  tenant: BillingTenant,
  seed: WorkOrderSeed = {},
): Promise<string> {
  const id = randomUUID();
  const status = seed.status ?? 'completed';
  const c = await superuserClient(t.db.url);
  try {
    await c.query(
      `INSERT INTO work_orders (id, tenant_id, title, status, customer_id, assigned_technician_id, completed_at, labor_hours)
       VALUES ($1, $2, 'Boiler service', $3, $4, $5, $6, $7)`,
      [
        id,
        tenant.tenantId,
        status,
        tenant.customerId,
        seed.technician === false ? null : tenant.technicianId,
        status === 'completed' ? new Date() : null,
        seed.laborHours === undefined ? '2.50' : seed.laborHours,
      ],
    );
    for (const [index, [quantity, unitCost, partStatus]] of (seed.parts ?? []).entries()) {
      const inventoryId = randomUUID();
      await c.query(
        `INSERT INTO inventory (id, tenant_id, name, sku, quantity, unit_cost) VALUES ($1, $2, $3, $4, 100, $5)`,
        [
          inventoryId,
          tenant.tenantId,
          `Part ${index + 1}`,
          `SKU-${inventoryId.slice(0, 8)}`,
          unitCost,
        ],
      );
      await c.query(
        `INSERT INTO work_order_parts (id, tenant_id, work_order_id, inventory_id, quantity, unit_cost, status) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [randomUUID(), tenant.tenantId, id, inventoryId, quantity, unitCost, partStatus],
      );
    }
  } finally {
    await c.end();
  }
  return id;
}

/** Rows and ledger events of billing, to prove a refused request wrote nothing. */
export async function billingCounts(t: TestApp): Promise<Record<string, number>> {
  const [row] = await sql(
    t,
    `SELECT (SELECT count(*)::int FROM invoices) AS invoices,
            (SELECT count(*)::int FROM contracts) AS contracts,
            (SELECT COALESCE(sum(last_value), 0)::int FROM invoice_number_counters) AS counters,
            (SELECT count(*)::int FROM event_store WHERE stream_type = 'invoice') AS "invoiceEvents",
            (SELECT count(*)::int FROM event_store WHERE stream_type = 'contract') AS "contractEvents",
            (SELECT count(*)::int FROM invoices WHERE version > 1) AS "changedInvoices",
            (SELECT count(*)::int FROM contracts WHERE version > 1) AS "changedContracts"`,
  );
  return row;
}
