import { createTenantWithMembers } from '../support/tenant-fixture';
import { createTestApp, TestApp } from '../support/test-app';

/** Parts still reserved when a work order is cancelled or completed go back to stock. */
describe('work-order reservations follow the order (e2e)', () => {
  let t: TestApp;
  let dispatcher: string;

  const ok = (res: { statusCode: number; body: string }, status = 200) => {
    if (res.statusCode !== status) throw new Error(`${res.statusCode}: ${res.body}`);
    return JSON.parse(res.body);
  };

  beforeAll(async () => {
    t = await createTestApp();
    const admin = await t.loginAsAdmin();
    const { members } = await createTenantWithMembers(t, admin, { dispatcher: 'dispatcher' });
    dispatcher = members.dispatcher.token;
  });
  afterAll(() => t.close());

  async function orderWithReservation(sku: string) {
    const customer = ok(
      await t.call('POST', '/api/v1/customers', dispatcher, { email: `${sku}@c.test` }),
      201,
    );
    const item = ok(
      await t.call('POST', '/api/v1/inventory', dispatcher, {
        name: 'Filter',
        sku,
        quantity: 10,
        unitCost: '4.50',
      }),
      201,
    );
    const order = ok(
      await t.call('POST', '/api/v1/work-orders', dispatcher, {
        title: 'Swap filters',
        customerId: customer.id,
      }),
      201,
    );
    const part = ok(
      await t.call('POST', `/api/v1/work-orders/${order.id}/parts`, dispatcher, {
        inventoryId: item.id,
        quantity: 3,
      }),
      201,
    );
    expect(
      ok(await t.call('GET', `/api/v1/inventory/${item.id}`, dispatcher)).reservedQuantity,
    ).toBe(3);
    return { order, item, part };
  }

  it('releases them when the order is cancelled', async () => {
    const { order, item, part } = await orderWithReservation('FLT-1');
    ok(await t.call('POST', `/api/v1/work-orders/${order.id}/cancel`, dispatcher));
    const after = ok(await t.call('GET', `/api/v1/inventory/${item.id}`, dispatcher));
    expect(after).toMatchObject({ quantity: 10, reservedQuantity: 0, availableQuantity: 10 });
    expect(
      ok(await t.call('GET', `/api/v1/work-orders/${order.id}/parts/${part.id}`, dispatcher))
        .status,
    ).toBe('released');
  });

  it('releases what was not consumed when the order is completed', async () => {
    const { order, item, part } = await orderWithReservation('FLT-2');
    const technician = ok(
      await t.call('POST', '/api/v1/technicians', dispatcher, {
        licenseNumber: 'LIC-R1',
        firstName: 'Ray',
        lastName: 'Pair',
        hourlyRate: '50.00',
      }),
      201,
    );
    const used = ok(
      await t.call('POST', `/api/v1/work-orders/${order.id}/parts`, dispatcher, {
        inventoryId: item.id,
        quantity: 2,
      }),
      201,
    );
    ok(
      await t.call('POST', `/api/v1/work-orders/${order.id}/assign`, dispatcher, {
        assignedTechnicianId: technician.id,
        scheduledStart: '2026-12-02T08:00:00Z',
        scheduledEnd: '2026-12-02T10:00:00Z',
      }),
    );
    ok(await t.call('POST', `/api/v1/work-orders/${order.id}/start`, dispatcher));
    ok(
      await t.call('POST', `/api/v1/work-orders/${order.id}/parts/${used.id}/consume`, dispatcher),
    );
    ok(
      await t.call('POST', `/api/v1/work-orders/${order.id}/complete`, dispatcher, {
        laborHours: '1.00',
      }),
    );
    const after = ok(await t.call('GET', `/api/v1/inventory/${item.id}`, dispatcher));
    expect(after).toMatchObject({ quantity: 8, reservedQuantity: 0, availableQuantity: 8 });
    expect(
      ok(await t.call('GET', `/api/v1/work-orders/${order.id}/parts/${part.id}`, dispatcher))
        .status,
    ).toBe('released');
    expect(
      ok(await t.call('GET', `/api/v1/work-orders/${order.id}/parts/${used.id}`, dispatcher))
        .status,
    ).toBe('consumed');
  });
});
