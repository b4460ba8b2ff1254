import { createTestApp, TestApp } from '../support/test-app';
import {
  billingCounts,
  BillingTenant,
  createBillingTenant,
  createWorkOrder,
  expectProblem,
  expectStatus,
  UNKNOWN_ID,
} from './billing.fixture';

describe('invoices from work orders (e2e)', () => {
  let t: TestApp;
  let admin: string;
  let a: BillingTenant;
  let b: BillingTenant;

  const invoiceFor = (tenant: BillingTenant, body: Record<string, unknown>) =>
    t.call('POST', '/api/v1/invoices/from-work-order', tenant.dispatcher.token, body);

  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.loginAsAdmin();
    [a, b] = await Promise.all([
      createBillingTenant(t, admin),
      createBillingTenant(t, admin, false),
    ]);
  });
  afterAll(() => t.close());

  it('bills labour (rate × recorded hours) plus consumed parts, with tax rounded half up', async () => {
    const workOrderId = await createWorkOrder(t, a, {
      laborHours: '2.50',
      parts: [
        [3, '19.99', 'consumed'],
        [1, '0.10', 'consumed'],
        [5, '50.00', 'reserved'],
        [2, '7.00', 'released'],
      ],
    });
    const res = await invoiceFor(a, { workOrderId, taxRate: '0.0825', dueDate: '2030-03-31' });
    const invoice = expectStatus(res, 201);
    expect(res.headers.location).toBe(`/api/v1/invoices/${invoice.id}`);
    expect(invoice).toMatchObject({
      customerId: a.customerId,
      workOrderId,
      amount: '273.82', // 85.50 × 2.50 = 213.75, 19.99 × 3 = 59.97, 0.10 × 1
      tax: '22.59', // 22.59015
      total: '296.41',
      status: 'draft',
      dueDate: '2030-03-31',
    });
    expect(
      invoice.lineItems.map((l: Record<string, string>) => [
        l.kind,
        l.quantity,
        l.unitPrice,
        l.amount,
      ]),
    ).toEqual([
      ['labor', '2.50', '85.50', '213.75'],
      ['part', '3', '19.99', '59.97'],
      ['part', '1', '0.10', '0.10'],
    ]);
    expect(invoice.lineItems[0]).toMatchObject({
      technicianId: a.technicianId,
      description: expect.stringContaining('Ada Tech'),
    });
    expect(invoice.lineItems[1].description).toMatch(/^Part 1 \(SKU-/);
  });

  it('bills the rate the technician had when the work was completed, not a later one', async () => {
    const token = a.dispatcher.token;
    const technician = expectStatus(
      await t.call('POST', '/api/v1/technicians', token, {
        licenseNumber: 'RATE-FROZEN-1',
        firstName: 'Rae',
        lastName: 'Frozen',
        hourlyRate: '60.00',
      }),
      201,
    );
    const order = expectStatus(
      await t.call('POST', '/api/v1/work-orders', token, {
        title: 'Replace valve',
        customerId: a.customerId,
      }),
      201,
    );
    const step = async (action: string, body?: Record<string, unknown>) =>
      expectStatus(
        await t.call('POST', `/api/v1/work-orders/${order.id}/${action}`, token, body),
        200,
      );
    await step('assign', {
      assignedTechnicianId: technician.id,
      scheduledStart: '2031-04-01T08:00:00Z',
      scheduledEnd: '2031-04-01T10:00:00Z',
    });
    await step('start');
    await step('complete', { laborHours: '2.00' });
    // a raise after the work: the order keeps the rate of the work
    expectStatus(
      await t.call('PATCH', `/api/v1/technicians/${technician.id}`, token, { hourlyRate: '90.00' }),
      200,
    );
    const invoice = expectStatus(await invoiceFor(a, { workOrderId: order.id }), 201);
    expect(invoice.lineItems[0]).toMatchObject({
      kind: 'labor',
      quantity: '2.00',
      unitPrice: '60.00',
      amount: '120.00',
      technicianId: technician.id,
    });
    expect(invoice.amount).toBe('120.00');
  });

  it('defaults to no tax and a due date 30 days out; hours without a technician are a 422', async () => {
    const workOrderId = await createWorkOrder(t, a, { laborHours: '1.00' });
    const invoice = expectStatus(await invoiceFor(a, { workOrderId }), 201);
    const expected = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
    expect(invoice).toMatchObject({
      amount: '85.50',
      tax: '0.00',
      total: '85.50',
      dueDate: expected,
    });
    const unpriced = await createWorkOrder(t, a, { technician: false, laborHours: '3.00' });
    const res = await invoiceFor(a, { workOrderId: unpriced });
    expectProblem(res, 422, 'workOrderId');
    expect(res.json().code).toBe('INVOICE.LABOUR_UNPRICED');
  });

  it('a second invoice for the same work order is a 409 naming workOrderId, until the first is voided', async () => {
    const workOrderId = await createWorkOrder(t, a, { parts: [[1, '10.00', 'consumed']] });
    const first = expectStatus(await invoiceFor(a, { workOrderId }), 201);
    const before = await billingCounts(t);
    const again = await invoiceFor(a, { workOrderId });
    expectProblem(again, 409, 'workOrderId');
    expect(again.json().code).toBe('INVOICE.WORK_ORDER_ALREADY_INVOICED');
    expect(await billingCounts(t)).toEqual(before);
    expectStatus(
      await t.call('POST', `/api/v1/invoices/${first.id}/void`, a.dispatcher.token),
      200,
    );
    const second = expectStatus(await invoiceFor(a, { workOrderId }), 201);
    expect(second.invoiceNumber).not.toBe(first.invoiceNumber);
    expectProblem(await invoiceFor(a, { workOrderId }), 409, 'workOrderId');
  });

  it('two concurrent requests for one work order: one invoice, one 409 naming workOrderId', async () => {
    const workOrderId = await createWorkOrder(t, a, { parts: [[2, '5.00', 'consumed']] });
    const results = await Promise.all([
      invoiceFor(a, { workOrderId }),
      invoiceFor(a, { workOrderId }),
      invoiceFor(a, { workOrderId }),
    ]);
    const statuses = results.map((r) => r.statusCode).sort();
    expect(statuses).toEqual([201, 409, 409]);
    for (const refused of results.filter((r) => r.statusCode === 409))
      expectProblem(refused, 409, 'workOrderId');
    const listed = expectStatus(
      await t.call('GET', `/api/v1/invoices?workOrderId=${workOrderId}`, a.dispatcher.token),
      200,
    );
    expect(listed.items).toHaveLength(1);
  });

  it.each(['pending', 'assigned', 'in_progress', 'on_hold', 'cancelled'])(
    'a %s work order is a 409 saying it is not completed; nothing is written',
    async (status) => {
      const workOrderId = await createWorkOrder(t, a, { status });
      const before = await billingCounts(t);
      const res = await invoiceFor(a, { workOrderId });
      expectProblem(res, 409, 'workOrderId');
      expect(res.json()).toMatchObject({
        code: 'INVOICE.WORK_ORDER_NOT_COMPLETED',
        detail: `Only a completed work order can be invoiced; this one is ${status}`,
      });
      expect(await billingCounts(t)).toEqual(before);
    },
  );

  it('an unknown or another tenant’s work order is a 422 naming workOrderId; customers and technicians get a 403', async () => {
    const foreign = await createWorkOrder(t, a);
    const before = await billingCounts(t);
    expectProblem(await invoiceFor(a, { workOrderId: UNKNOWN_ID }), 422, 'workOrderId');
    expectProblem(await invoiceFor(b, { workOrderId: foreign }), 422, 'workOrderId');
    expectProblem(
      await t.call('POST', '/api/v1/invoices/from-work-order', a.customerUser.token, {
        workOrderId: foreign,
      }),
      403,
    );
    expectProblem(
      await t.call('POST', '/api/v1/invoices/from-work-order', a.technicianUser.token, {
        workOrderId: foreign,
      }),
      403,
    );
    expect(await billingCounts(t)).toEqual(before);
  });

  it.each([
    ['malformed JSON', '{"workOrderId": ', undefined],
    ['unknown field', { workOrderId: UNKNOWN_ID, amount: '1.00' }, 'amount'],
    ['invalid UUID', { workOrderId: 'wo-1' }, 'workOrderId'],
    ['tax rate as a number', { workOrderId: UNKNOWN_ID, taxRate: 0.08 }, 'taxRate'],
    ['tax rate as a percentage', { workOrderId: UNKNOWN_ID, taxRate: '8.25' }, 'taxRate'],
    ['tax rate with seven decimals', { workOrderId: UNKNOWN_ID, taxRate: '0.0825001' }, 'taxRate'],
    ['due date in a bad format', { workOrderId: UNKNOWN_ID, dueDate: '2030/03/31' }, 'dueDate'],
    ['missing work order', {}, 'workOrderId'],
  ])(
    'POST /invoices/from-work-order with %s is a 400 naming the field; nothing is written',
    async (_name, payload, field) => {
      const before = await billingCounts(t);
      expectProblem(await invoiceFor(a, payload as Record<string, unknown>), 400, field);
      expect(await billingCounts(t)).toEqual(before);
    },
  );
});
