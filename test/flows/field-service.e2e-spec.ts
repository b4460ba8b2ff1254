import { createTestApp, TestApp } from '../support/test-app';
import { createTenantWithMembers, joinTenant } from '../support/tenant-fixture';

/**
 * Issue "Field-service context", done when: a dispatcher creates a customer and a technician,
 * opens and schedules a work order, the technician completes it, the dispatcher invoices it
 * and marks it paid, the customer sees exactly its own work order and invoice, and the audit
 * trail shows each step with old and new values.
 */
describe('field service, end to end', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('runs the dispatcher → technician → billing → customer flow', async () => {
    const admin = await t.loginAsAdmin();
    const { tenantId, members } = await createTenantWithMembers(t, admin, {
      dispatcher: 'dispatcher',
    });
    const dispatcher = members.dispatcher.token;
    const techUser = await t.createUser(admin, { fullName: 'Tess Tech' });
    const custUser = await t.createUser(admin, { fullName: 'Carl Customer' });
    const ok = (res: { statusCode: number; body: string }, status = 200) => {
      if (res.statusCode !== status) throw new Error(`${res.statusCode}: ${res.body}`);
      return JSON.parse(res.body);
    };

    const customer = ok(
      await t.call('POST', '/api/v1/customers', dispatcher, {
        email: 'ops@carl.test',
        companyName: 'Carl & Co',
      }),
      201,
    );
    const otherCustomer = ok(
      await t.call('POST', '/api/v1/customers', dispatcher, {
        email: 'ops@other.test',
        companyName: 'Other Ltd',
      }),
      201,
    );
    const technician = ok(
      await t.call('POST', '/api/v1/technicians', dispatcher, {
        licenseNumber: 'LIC-001',
        firstName: 'Tess',
        lastName: 'Tech',
        hourlyRate: '85.50',
        skills: ['hvac'],
      }),
      201,
    );
    await joinTenant(t, techUser, tenantId, 'member');
    await joinTenant(t, custUser, tenantId, 'member');
    ok(
      await t.call('POST', `/api/v1/technicians/${technician.id}/portal-user`, dispatcher, {
        userId: techUser.id,
      }),
    );
    ok(
      await t.call('POST', `/api/v1/customers/${customer.id}/portal-user`, dispatcher, {
        userId: custUser.id,
      }),
    );
    const techToken = (await t.login(techUser.email, techUser.password, tenantId)).accessToken;
    const custToken = (await t.login(custUser.email, custUser.password, tenantId)).accessToken;

    const order = ok(
      await t.call('POST', '/api/v1/work-orders', dispatcher, {
        title: 'Fix the chiller',
        customerId: customer.id,
        priority: 'high',
      }),
      201,
    );
    ok(
      await t.call('POST', '/api/v1/work-orders', dispatcher, {
        title: 'Someone else’s job',
        customerId: otherCustomer.id,
      }),
      201,
    );
    ok(
      await t.call('POST', `/api/v1/work-orders/${order.id}/assign`, dispatcher, {
        assignedTechnicianId: technician.id,
        scheduledStart: '2026-12-01T08:00:00Z',
        scheduledEnd: '2026-12-01T12:00:00Z',
      }),
    );
    ok(await t.call('POST', `/api/v1/work-orders/${order.id}/start`, techToken));
    const completed = ok(
      await t.call('POST', `/api/v1/work-orders/${order.id}/complete`, techToken, {
        laborHours: '1.75',
      }),
    );
    expect(completed.status).toBe('completed');

    const invoice = ok(
      await t.call('POST', '/api/v1/invoices/from-work-order', dispatcher, {
        workOrderId: order.id,
        taxRate: '0.0825',
      }),
      201,
    );
    expect(invoice.invoiceNumber).toMatch(/^INV-\d{4}-000001$/);
    expect(invoice.amount).toBe('149.63');
    expect(invoice.tax).toBe('12.34');
    expect(invoice.total).toBe('161.97');
    ok(await t.call('POST', `/api/v1/invoices/${invoice.id}/send`, dispatcher));
    const paid = ok(await t.call('POST', `/api/v1/invoices/${invoice.id}/pay`, dispatcher));
    expect(paid.status).toBe('paid');
    expect(paid.paidAt).toBeTruthy();

    const custOrders = ok(await t.call('GET', '/api/v1/work-orders', custToken));
    expect(custOrders.items.map((o: { id: string }) => o.id)).toEqual([order.id]);
    const custInvoices = ok(await t.call('GET', '/api/v1/invoices', custToken));
    expect(custInvoices.items.map((i: { id: string }) => i.id)).toEqual([invoice.id]);

    await t.project();
    const history = ok(
      await t.call('GET', `/api/v1/audit/resources/work-order/${order.id}?limit=100`, admin),
    );
    const actions = history.items.map((e: { action: string }) => e.action);
    expect(actions).toEqual(
      expect.arrayContaining(['opened', 'technician-assigned', 'started', 'completed']),
    );
    const started = history.items.find((e: { action: string }) => e.action === 'started');
    expect(started.actor.id).toBe(techUser.id);
    expect(started.changes).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: 'status', old: 'assigned', new: 'in_progress' }),
      ]),
    );
    const invoiceHistory = ok(
      await t.call('GET', `/api/v1/audit/resources/invoice/${invoice.id}?limit=100`, admin),
    );
    const paidEntry = invoiceHistory.items.find((e: { action: string }) => e.action === 'paid');
    expect(paidEntry.changes).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: 'status', old: 'sent', new: 'paid' }),
      ]),
    );
  });
});
