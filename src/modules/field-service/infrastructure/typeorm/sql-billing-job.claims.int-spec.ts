import { Db, RequestContext } from '@opsledger/persistence';
import { randomUUID } from 'node:crypto';
import {
  BillingTenant,
  createBillingTenant,
  superuserQuery,
} from '../../../../../test/field-service/billing.fixture';
import { createTestApp, TestApp } from '../../../../../test/support/test-app';
import { billingSystemActor } from '../../application/billing-access';
import { BillingJobClaims } from '../../application/jobs/billing-job.claims';
import { InvoiceRepository } from '../../domain/invoice.repository';

/**
 * The SQL the billing jobs and invoice numbering rely on, run as the application role under
 * row-level security: `FOR UPDATE SKIP LOCKED` claims hand each overdue invoice to one worker,
 * a claim re-checks its condition on a row another worker changed, and the invoice number
 * counter gives concurrent creators distinct, gap-free numbers.
 */
describe('SqlBillingJobClaims and the invoice number counter (PostgreSQL)', () => {
  let t: TestApp;
  let a: BillingTenant;
  let b: BillingTenant;
  let db: Db;
  let context: RequestContext;
  let claims: BillingJobClaims;
  let invoices: InvoiceRepository;
  const TODAY = '2031-03-01';

  /** The jobs' own scope: a system actor, which the policies let see every tenant. */
  const inTenant = <T>(tenantId: string, fn: () => Promise<T>) =>
    context.run(billingSystemActor(tenantId), () => db.transaction(fn));
  /** The same actor confined to its tenant: only the tenant isolation policy decides. */
  const confinedTo = <T>(tenantId: string, fn: () => Promise<T>) =>
    context.run(billingSystemActor(tenantId), () => db.transaction(fn), { systemScope: false });
  const sentInvoice = async (tenant: BillingTenant, dueDate: string) => {
    const id = randomUUID();
    await superuserQuery(
      t,
      `INSERT INTO invoices (id, tenant_id, invoice_number, customer_id, amount, tax, total, status, due_date)
       VALUES ($1, $2, $3, $4, 100, 0, 100, 'sent', $5)`,
      [id, tenant.tenantId, `INV-${id.slice(0, 8)}`, tenant.customerId, dueDate],
    );
    return id;
  };
  const later = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  beforeAll(async () => {
    t = await createTestApp();
    const admin = await t.loginAsAdmin();
    a = await createBillingTenant(t, admin, false);
    b = await createBillingTenant(t, admin, false);
    db = t.app.get(Db);
    context = t.app.get(RequestContext);
    claims = t.app.get(BillingJobClaims);
    invoices = t.app.get(InvoiceRepository);
  });
  afterAll(() => t.close());

  it('runs as the application role, which sees no other tenant’s rows even when asked for them', async () => {
    const overdue = await sentInvoice(a, '2031-01-15');
    const [role] = await inTenant(
      a.tenantId,
      () => db.manager.query(`SELECT current_user AS name`) as Promise<Array<{ name: string }>>,
    );
    expect(role.name).toBe('opsledger_app');
    // confined to tenant B, asking for tenant A's overdue invoice: the policy hides it
    expect(
      await confinedTo(b.tenantId, () => claims.claimOverdueInvoice(a.tenantId, TODAY, [])),
    ).toBe(null);
    expect(await confinedTo(b.tenantId, () => claims.tenantsWithOverdueInvoices(TODAY))).toEqual(
      [],
    );
    expect(
      await confinedTo(a.tenantId, () => claims.claimOverdueInvoice(a.tenantId, TODAY, [])),
    ).toBe(overdue);
    // the jobs' system scope finds it from anywhere (they sweep every tenant)
    expect(await inTenant(b.tenantId, () => claims.tenantsWithOverdueInvoices(TODAY))).toEqual([
      a.tenantId,
    ]);
    await superuserQuery(t, `UPDATE invoices SET status = 'overdue' WHERE id = $1`, [overdue]);
  });

  it('hands each overdue invoice to one worker: a held row is skipped, not waited for', async () => {
    const first = await sentInvoice(a, '2031-02-01');
    const second = await sentInvoice(a, '2031-02-02');
    await sentInvoice(a, '2031-04-01'); // not yet due
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let claimedByA: string | null = null;
    const workerA = inTenant(a.tenantId, async () => {
      claimedByA = await claims.claimOverdueInvoice(a.tenantId, TODAY, []);
      await held;
    });
    await later(200);
    expect(claimedByA).toBe(first);
    // worker B does not block on A's lock: it takes the next row at once
    const started = Date.now();
    const claimedByB = await inTenant(a.tenantId, () =>
      claims.claimOverdueInvoice(a.tenantId, TODAY, []),
    );
    expect(claimedByB).toBe(second);
    expect(Date.now() - started).toBeLessThan(1000);
    // with both held or skipped there is nothing left that is due
    const third = await inTenant(a.tenantId, async () => {
      const mine = await claims.claimOverdueInvoice(a.tenantId, TODAY, [second]);
      return mine;
    });
    expect(third).toBe(null);
    release();
    await workerA;
    await superuserQuery(t, `UPDATE invoices SET status = 'overdue' WHERE id = ANY($1::uuid[])`, [
      [first, second],
    ]);
  });

  it('a claim waiting on nothing re-checks the row: one another worker already changed no longer matches', async () => {
    const id = await sentInvoice(a, '2031-02-10');
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const workerA = inTenant(a.tenantId, async () => {
      expect(await claims.claimOverdueInvoice(a.tenantId, TODAY, [])).toBe(id);
      await db.manager.query(`UPDATE invoices SET status = 'overdue' WHERE id = $1`, [id]);
      await held;
    });
    await later(200);
    release();
    await workerA;
    expect(
      await inTenant(a.tenantId, () => claims.claimOverdueInvoice(a.tenantId, TODAY, [])),
    ).toBe(null);
    const tenants = await inTenant(a.tenantId, () => claims.tenantsWithOverdueInvoices(TODAY));
    expect(tenants).not.toContain(a.tenantId);
  });

  it('numbers concurrent invoices of one year 1…n with no gap and no repeat, and reuses a rolled-back number', async () => {
    const year = 2040;
    const numbers = await Promise.all(
      Array.from({ length: 6 }, () =>
        inTenant(a.tenantId, async () => {
          const n = await invoices.nextInvoiceNumber(a.tenantId, year);
          // hold the counter row a little, so the others queue behind it
          await later(20);
          return n;
        }),
      ),
    );
    expect([...numbers].sort((x, y) => x - y)).toEqual([1, 2, 3, 4, 5, 6]);

    await expect(
      inTenant(a.tenantId, async () => {
        expect(await invoices.nextInvoiceNumber(a.tenantId, year)).toBe(7);
        throw new Error('the invoice could not be created');
      }),
    ).rejects.toThrow('the invoice could not be created');
    expect(await inTenant(a.tenantId, () => invoices.nextInvoiceNumber(a.tenantId, year))).toBe(7);
    // another tenant and another year count on their own
    expect(await inTenant(b.tenantId, () => invoices.nextInvoiceNumber(b.tenantId, year))).toBe(1);
    expect(await inTenant(a.tenantId, () => invoices.nextInvoiceNumber(a.tenantId, 2041))).toBe(1);
  });
});
