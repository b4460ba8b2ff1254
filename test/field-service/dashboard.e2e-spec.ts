import { superuserClient } from '@opsledger/testing';
import { randomUUID } from 'node:crypto';
import type { Client } from 'pg';
import { createTenantWithMembers, TenantMember } from '../support/tenant-fixture';
import { createTestApp, TestApp } from '../support/test-app';

type Res = { statusCode: number; headers: Record<string, unknown>; json(): any; body: string };

/**
 * The first instant of the UTC month `back` months ago, as SQL, so test and server agree on "now";
 * month arithmetic on the UTC wall clock, never in the session's time zone.
 */
const monthStart = (back: number) =>
  `((date_trunc('month', now() AT TIME ZONE 'UTC') - interval '${back} months') AT TIME ZONE 'UTC')`;
const TODAY = `(now() AT TIME ZONE 'UTC')::date`;

/** 'YYYY-MM' of the UTC month `back` months before the current one. */
const monthKey = (back: number) => {
  const now = new Date();
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - back, 1));
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
};

describe('field-service dashboard (e2e)', () => {
  let t: TestApp;
  let pg: Client;
  let tenantA: string;
  let tenantB: string;
  let a: Record<'owner' | 'dispatcher' | 'tech' | 'customer', TenantMember>;
  let b: Record<'owner', TenantMember>;
  let seq = 0;

  const expectProblem = (res: Res, status: number) => {
    expect({ status: res.statusCode, body: res.body }).toMatchObject({ status });
    expect(String(res.headers['content-type'])).toContain('application/problem+json');
  };
  const customer = async (tenant: string, userId: string | null = null) => {
    const id = randomUUID();
    await pg.query(
      `INSERT INTO customers (id, tenant_id, user_id, email) VALUES ($1, $2, $3, $4)`,
      [id, tenant, userId, `c${++seq}@example.com`],
    );
    return id;
  };
  const workOrders = async (
    tenant: string,
    customerId: string,
    status: string,
    count: number,
    extra: { technician?: string; active?: boolean } = {},
  ) => {
    for (let i = 0; i < count; i++) {
      await pg.query(
        `INSERT INTO work_orders (id, tenant_id, title, customer_id, status, assigned_technician_id, completed_at, is_active)
         VALUES ($1, $2, $3, $4, $5::text, $6, CASE WHEN $5::text = 'completed' THEN now() END, $7)`,
        [
          randomUUID(),
          tenant,
          `Job ${++seq}`,
          customerId,
          status,
          extra.technician ?? null,
          extra.active ?? true,
        ],
      );
    }
  };
  /** `paidAt` and `due` are SQL expressions; total = amount + tax as the CHECK demands. */
  const invoice = async (
    tenant: string,
    customerId: string,
    props: {
      amount: string;
      tax?: string;
      status: string;
      paidAt?: string;
      due?: string;
      active?: boolean;
    },
  ) => {
    await pg.query(
      `INSERT INTO invoices (id, tenant_id, invoice_number, customer_id, amount, tax, total, status, paid_at, due_date, is_active)
       VALUES ($1, $2, $3, $4, $5::numeric, $6::numeric, $5::numeric + $6::numeric, $7, ${props.paidAt ?? 'NULL'}, ${props.due ?? 'NULL'}, $8)`,
      [
        randomUUID(),
        tenant,
        `INV-${++seq}`,
        customerId,
        props.amount,
        props.tax ?? '0',
        props.status,
        props.active ?? true,
      ],
    );
  };
  const dashboard = async (token: string) => {
    const res = await t.call('GET', '/api/v1/field-service/dashboard', token);
    expect({ status: res.statusCode, body: res.body }).toMatchObject({ status: 200 });
    return res.json();
  };

  beforeAll(async () => {
    t = await createTestApp();
    const admin = await t.loginAsAdmin();
    const tenant = await createTenantWithMembers(t, admin, {
      owner: 'owner',
      dispatcher: 'dispatcher',
      tech: 'member',
      customer: 'member',
    });
    tenantA = tenant.tenantId;
    a = tenant.members;
    const other = await createTenantWithMembers(t, admin, { owner: 'owner' });
    tenantB = other.tenantId;
    b = other.members;
    pg = await superuserClient(t.db.url);

    const technician = randomUUID();
    await pg.query(
      `INSERT INTO technicians (id, tenant_id, user_id, license_number, first_name, last_name) VALUES ($1, $2, $3, 'L-1', 'Tess', 'Tech')`,
      [technician, tenantA, a.tech.id],
    );
    const c = await customer(tenantA, a.customer.id);
    await workOrders(tenantA, c, 'pending', 3);
    await workOrders(tenantA, c, 'assigned', 2, { technician });
    await workOrders(tenantA, c, 'in_progress', 1, { technician });
    await workOrders(tenantA, c, 'on_hold', 1, { technician });
    await workOrders(tenantA, c, 'completed', 2, { technician });
    await workOrders(tenantA, c, 'cancelled', 1);
    await workOrders(tenantA, c, 'pending', 1, { active: false });

    // Revenue: amounts whose float sums drift (0.1 + 0.2), carry tax, and cross the 10-digit mark.
    await invoice(tenantA, c, {
      amount: '0.10',
      status: 'paid',
      paidAt: `${monthStart(0)} + interval '1 hour'`,
    });
    await invoice(tenantA, c, {
      amount: '0.20',
      status: 'paid',
      paidAt: `${monthStart(0)} + interval '2 hours'`,
    });
    await invoice(tenantA, c, { amount: '19.99', tax: '1.65', status: 'paid', paidAt: 'now()' });
    await invoice(tenantA, c, {
      amount: '9999999999.99',
      status: 'paid',
      paidAt: `${monthStart(0)} - interval '1 microsecond'`,
    });
    await invoice(tenantA, c, { amount: '0.01', status: 'paid', paidAt: monthStart(1) });
    await invoice(tenantA, c, {
      amount: '85.50',
      tax: '7.05',
      status: 'paid',
      paidAt: monthStart(11),
    });
    // Outside the window, soft-deleted, or never paid: no revenue.
    await invoice(tenantA, c, {
      amount: '555.55',
      status: 'paid',
      paidAt: `${monthStart(11)} - interval '1 microsecond'`,
    });
    await invoice(tenantA, c, {
      amount: '1000.00',
      status: 'paid',
      paidAt: 'now()',
      active: false,
    });
    await invoice(tenantA, c, { amount: '2000.00', status: 'void' });

    // Overdue: sent and past due, or marked overdue.
    await invoice(tenantA, c, { amount: '33.33', status: 'sent', due: `${TODAY} - 1` });
    await invoice(tenantA, c, { amount: '0.01', status: 'sent', due: `${TODAY} - 30` });
    await invoice(tenantA, c, {
      amount: '60.00',
      tax: '6.67',
      status: 'overdue',
      due: `${TODAY} - 3`,
    });
    // Not overdue: due today or later, a draft, a soft-deleted one.
    await invoice(tenantA, c, { amount: '44.44', status: 'sent', due: TODAY });
    await invoice(tenantA, c, { amount: '44.44', status: 'sent', due: `${TODAY} + 1` });
    await invoice(tenantA, c, { amount: '44.44', status: 'draft', due: `${TODAY} - 10` });
    await invoice(tenantA, c, {
      amount: '44.44',
      status: 'overdue',
      due: `${TODAY} - 10`,
      active: false,
    });

    const cb = await customer(tenantB);
    await workOrders(tenantB, cb, 'pending', 1);
    await invoice(tenantB, cb, { amount: '7.00', status: 'paid', paidAt: 'now()' });
    await invoice(tenantB, cb, { amount: '8.00', status: 'overdue', due: `${TODAY} - 1` });
  });
  afterAll(async () => {
    await pg.end();
    await t.close();
  });

  it('answers exact figures: open orders by status, overdue invoices, revenue of the last 12 months', async () => {
    const expectedRevenue = Array.from({ length: 12 }, (_, i) => ({
      month: monthKey(11 - i),
      revenue: '0.00',
    }));
    expectedRevenue[11].revenue = '21.94';
    expectedRevenue[10].revenue = '10000000000.00';
    expectedRevenue[0].revenue = '92.55';
    expect(await dashboard(a.dispatcher.token)).toEqual({
      openWorkOrdersByStatus: { pending: 3, assigned: 2, in_progress: 1, on_hold: 1 },
      overdueInvoices: { count: 3, total: '100.01' },
      revenueByMonth: expectedRevenue,
    });
  });

  it('keeps to the caller’s tenant', async () => {
    const figures = await dashboard(b.owner.token);
    expect(figures.openWorkOrdersByStatus).toEqual({
      pending: 1,
      assigned: 0,
      in_progress: 0,
      on_hold: 0,
    });
    expect(figures.overdueInvoices).toEqual({ count: 1, total: '8.00' });
    expect(figures.revenueByMonth[11]).toEqual({ month: monthKey(0), revenue: '7.00' });
    expect(
      figures.revenueByMonth.slice(0, 11).every((m: { revenue: string }) => m.revenue === '0.00'),
    ).toBe(true);
  });

  it('answers zeros, not nulls, for a tenant with nothing yet', async () => {
    const empty = await createTenantWithMembers(t, await t.loginAsAdmin(), { owner: 'owner' });
    const figures = await dashboard(empty.members.owner.token);
    expect(figures.openWorkOrdersByStatus).toEqual({
      pending: 0,
      assigned: 0,
      in_progress: 0,
      on_hold: 0,
    });
    expect(figures.overdueInvoices).toEqual({ count: 0, total: '0.00' });
    expect(figures.revenueByMonth).toHaveLength(12);
    expect(figures.revenueByMonth.map((m: { revenue: string }) => m.revenue)).toEqual(
      Array(12).fill('0.00'),
    );
  });

  it('is for dispatchers: technicians and customers are refused (403), no token is a 401', async () => {
    expectProblem(await t.call('GET', '/api/v1/field-service/dashboard', a.tech.token), 403);
    expectProblem(await t.call('GET', '/api/v1/field-service/dashboard', a.customer.token), 403);
    expectProblem(await t.call('GET', '/api/v1/field-service/dashboard', null), 401);
    expect((await t.call('GET', '/api/v1/field-service/dashboard', a.owner.token)).statusCode).toBe(
      200,
    );
  });

  it('refuses query parameters it does not know of (400 naming them), and writes nothing', async () => {
    const count = async () =>
      (await pg.query(`SELECT count(*)::int AS n FROM event_store WHERE tenant_id = $1`, [tenantA]))
        .rows[0].n;
    const before = await count();
    const res = await t.call('GET', '/api/v1/field-service/dashboard?months=24', a.owner.token);
    expectProblem(res, 400);
    expect(res.json().errors.map((e: { field: string }) => e.field)).toEqual(['months']);
    expect(await count()).toBe(before);
  });
});
