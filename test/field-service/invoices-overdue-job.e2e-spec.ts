import { BillingJobsScheduler } from '../../src/modules/field-service/application/jobs/billing-jobs.scheduler';
import { InvoiceOverdueJob } from '../../src/modules/field-service/application/jobs/invoice-overdue.job';
import { superuserClient } from '@opsledger/testing';
import { createTestApp, TestApp } from '../support/test-app';
import {
  BillingTenant,
  createBillingTenant,
  expectProblem,
  expectStatus,
  superuserQuery,
} from './billing.fixture';

describe('the overdue job (e2e)', () => {
  let t: TestApp;
  let admin: string;
  let a: BillingTenant;
  let b: BillingTenant;

  /** A sent invoice due on `dueDate`. */
  const sentInvoice = async (tenant: BillingTenant, dueDate: string, send = true) => {
    const invoice = expectStatus(
      await t.call('POST', '/api/v1/invoices', tenant.dispatcher.token, {
        customerId: tenant.customerId,
        amount: '50.00',
        dueDate,
      }),
      201,
    );
    if (send)
      expectStatus(
        await t.call('POST', `/api/v1/invoices/${invoice.id}/send`, tenant.dispatcher.token),
        200,
      );
    return invoice.id as string;
  };
  const overdueEvents = (ids: string[]) =>
    superuserQuery(
      t,
      `SELECT stream_id, payload, metadata->>'actorType' AS "actorType", metadata->>'actorId' AS "actorId", tenant_id, metadata->'previous' AS previous
         FROM event_store WHERE event_type = 'field-service.invoice.marked-overdue.v1' AND stream_id = ANY($1::text[])`,
      [ids],
    );

  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.loginAsAdmin();
    [a, b] = await Promise.all([
      createBillingTenant(t, admin),
      createBillingTenant(t, admin, false),
    ]);
  });
  afterAll(() => t.close());

  it('is not scheduled under NODE_ENV=test', () => {
    const scheduler = t.app.get(BillingJobsScheduler) as unknown as { task: { timer: unknown } };
    expect(scheduler.task.timer).toBeNull();
  });

  it('two concurrent runs over every tenant mark each past-due sent invoice overdue exactly once, as the system in its tenant', async () => {
    const due = [
      ...(await Promise.all(
        Array.from({ length: 6 }, (_, i) => sentInvoice(a, `2020-01-${String(i + 10)}`)),
      )),
      ...(await Promise.all(
        Array.from({ length: 4 }, (_, i) => sentInvoice(b, `2021-06-${String(i + 10)}`)),
      )),
    ];
    const dueToday = await sentInvoice(a, new Date().toISOString().slice(0, 10));
    const future = await sentInvoice(a, '2099-12-31');
    const draft = await sentInvoice(a, '2020-01-01', false);
    const archived = await sentInvoice(a, '2020-01-01');
    expectStatus(
      await t.call('POST', `/api/v1/invoices/${archived}/deactivate`, a.dispatcher.token),
      200,
    );

    const job = t.app.get(InvoiceOverdueJob);
    const [first, second] = await Promise.all([job.run(), job.run()]);
    expect([...first, ...second].sort()).toEqual([...due].sort());
    expect(new Set([...first, ...second]).size).toBe(due.length);

    const events = await overdueEvents([...due, dueToday, future, draft, archived]);
    expect(events.map((e) => e.stream_id).sort()).toEqual([...due].sort());
    for (const event of events) {
      const tenantId = due.indexOf(event.stream_id) < 6 ? a.tenantId : b.tenantId;
      expect(event).toMatchObject({
        actorType: 'system',
        actorId: null,
        tenant_id: tenantId,
        previous: { status: 'sent' },
        payload: { status: 'overdue' },
      });
    }
    const statuses = await superuserQuery(
      t,
      `SELECT id, status FROM invoices WHERE id = ANY($1::uuid[])`,
      [[dueToday, future, draft, archived]],
    );
    expect(statuses.map((s) => s.status).sort()).toEqual(['draft', 'sent', 'sent', 'sent']);

    // a later run finds nothing; the overdue invoice can still be paid
    expect(await job.run()).toEqual([]);
    expect(
      expectStatus(await t.call('POST', `/api/v1/invoices/${due[0]}/pay`, a.dispatcher.token), 200),
    ).toMatchObject({ status: 'paid' });
  });

  it('a dispatcher runs it for their own tenant only; two concurrent requests still transition each invoice once', async () => {
    const mine = await Promise.all(Array.from({ length: 5 }, () => sentInvoice(a, '2022-02-02')));
    const theirs = await sentInvoice(b, '2022-02-02');
    const [r1, r2] = await Promise.all([
      t.call('POST', '/api/v1/invoices/mark-overdue', a.dispatcher.token),
      t.call('POST', '/api/v1/invoices/mark-overdue', a.dispatcher.token),
    ]);
    const [one, two] = [expectStatus(r1, 200), expectStatus(r2, 200)];
    expect(one.transitioned + two.transitioned).toBe(5);
    expect([...one.invoiceIds, ...two.invoiceIds].sort()).toEqual([...mine].sort());
    expect(await overdueEvents(mine)).toHaveLength(5);
    expect(
      expectStatus(await t.call('GET', `/api/v1/invoices/${theirs}`, b.dispatcher.token), 200)
        .status,
    ).toBe('sent');
    const overdue = expectStatus(
      await t.call('GET', `/api/v1/invoices/${mine[0]}`, a.customerUser.token),
      200,
    );
    expect(overdue.status).toBe('overdue');
  });

  it('skips an invoice another worker holds instead of waiting for it, and takes it on a later run', async () => {
    const [held, free] = await Promise.all([
      sentInvoice(a, '2023-03-03'),
      sentInvoice(a, '2023-03-04'),
    ]);
    const other = await superuserClient(t.db.url);
    try {
      await other.query('BEGIN');
      await other.query('SELECT id FROM invoices WHERE id = $1 FOR UPDATE', [held]);
      expect(await t.app.get(InvoiceOverdueJob).run({ tenantId: a.tenantId })).toEqual([free]);
    } finally {
      await other.query('COMMIT');
      await other.end();
    }
    expect(await t.app.get(InvoiceOverdueJob).run({ tenantId: a.tenantId })).toEqual([held]);
  });

  it('only dispatchers may run it', async () => {
    expectProblem(
      await t.call('POST', '/api/v1/invoices/mark-overdue', a.technicianUser.token),
      403,
    );
    expectProblem(await t.call('POST', '/api/v1/invoices/mark-overdue', a.customerUser.token), 403);
    expectProblem(await t.call('POST', '/api/v1/invoices/mark-overdue', null), 401);
  });
});
