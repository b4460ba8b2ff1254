import { Db, RequestContext } from '@opsledger/persistence';
import { randomUUID } from 'node:crypto';
import {
  BillingTenant,
  createBillingTenant,
  superuserQuery,
} from '../../../../../test/field-service/billing.fixture';
import { createTestApp, TestApp } from '../../../../../test/support/test-app';
import { billingSystemActor } from '../../application/billing-access';
import { Inventory } from '../../domain/inventory.aggregate';
import { InventoryRepository } from '../../domain/inventory.repository';
import { WorkOrder } from '../../domain/work-order.aggregate';
import { WorkOrderRepository } from '../../domain/work-order.repository';

/**
 * Stock under concurrent reservations, against the real schema as the application role: the
 * row lock taken on load makes each writer see the reservations committed before it, so the
 * units set aside never exceed the stock however many requests race; the CHECKs are the last
 * line under that.
 */
describe('SqlInventoryRepository (PostgreSQL)', () => {
  let t: TestApp;
  let a: BillingTenant;
  let b: BillingTenant;
  let db: Db;
  let context: RequestContext;
  let items: InventoryRepository;
  let orders: WorkOrderRepository;

  const confinedTo = <T>(tenantId: string, fn: () => Promise<T>) =>
    context.run(billingSystemActor(tenantId), () => db.transaction(fn), { systemScope: false });
  const stock = async (quantity: number) => {
    const item = Inventory.create({
      id: randomUUID(),
      tenantId: a.tenantId,
      name: 'Pump seal',
      sku: `SEAL-${randomUUID().slice(0, 8)}`,
      quantity,
      unitCost: '12.50',
    });
    await confinedTo(a.tenantId, () => items.save(item));
    return item.id;
  };
  const openOrder = async () => {
    const order = WorkOrder.open({
      id: randomUUID(),
      tenantId: a.tenantId,
      title: 'Replace seal',
      customerId: a.customerId,
      customerAcceptsOrders: true,
      via: 'dispatch',
    });
    await confinedTo(a.tenantId, () => orders.save(order));
    return order.id;
  };
  const reserve = (itemId: string, workOrderId: string, units: number, holdMs = 0) =>
    confinedTo(a.tenantId, async () => {
      const item = (await items.findById(a.tenantId, itemId))!;
      item.reserve({ partId: randomUUID(), workOrderId, workOrderStatus: 'open', units });
      // keep the lock a little, so the others queue behind it
      if (holdMs) await new Promise((resolve) => setTimeout(resolve, holdMs));
      await items.save(item);
    });
  const stored = async (itemId: string) =>
    (
      await superuserQuery<{ quantity: number; reserved_quantity: number; parts: number }>(
        t,
        `SELECT quantity, reserved_quantity,
                (SELECT count(*)::int FROM work_order_parts WHERE inventory_id = i.id AND status = 'reserved') AS parts
           FROM inventory i WHERE id = $1`,
        [itemId],
      )
    )[0];

  beforeAll(async () => {
    t = await createTestApp();
    const admin = await t.loginAsAdmin();
    a = await createBillingTenant(t, admin, false);
    b = await createBillingTenant(t, admin, false);
    db = t.app.get(Db);
    context = t.app.get(RequestContext);
    items = t.app.get(InventoryRepository);
    orders = t.app.get(WorkOrderRepository);
  });
  afterAll(() => t.close());

  it('of concurrent reservations that together exceed the stock, only those that fit are stored', async () => {
    const itemId = await stock(5);
    const workOrderId = await openOrder();
    const results = await Promise.allSettled(
      Array.from({ length: 4 }, () => reserve(itemId, workOrderId, 2, 30)),
    );
    const fulfilled = results.filter((r) => r.status === 'fulfilled');
    const rejected = results.filter((r) => r.status === 'rejected');
    expect(fulfilled).toHaveLength(2);
    expect(rejected).toHaveLength(2);
    for (const r of rejected)
      expect(r.reason).toMatchObject({ code: expect.stringMatching(/INSUFFICIENT_STOCK/) });
    expect(await stored(itemId)).toEqual({ quantity: 5, reserved_quantity: 4, parts: 2 });
    // the ledger has one reservation event per stored part, nothing for the refused ones
    const [events] = await superuserQuery<{ n: number }>(
      t,
      `SELECT count(*)::int AS n FROM event_store WHERE stream_id = $1 AND event_type LIKE '%part-reserved%'`,
      [itemId],
    );
    expect(events.n).toBe(2);
  });

  it('the CHECKs refuse reserving more than the stock even from the application role directly', async () => {
    const itemId = await stock(3);
    await expect(
      confinedTo(a.tenantId, () =>
        db.manager.query(`UPDATE inventory SET reserved_quantity = 4 WHERE id = $1`, [itemId]),
      ),
    ).rejects.toMatchObject({ driverError: { constraint: 'ck_inventory_reserved' } });
    await expect(
      confinedTo(a.tenantId, () =>
        db.manager.query(`UPDATE inventory SET quantity = -1 WHERE id = $1`, [itemId]),
      ),
    ).rejects.toMatchObject({
      driverError: { constraint: expect.stringMatching(/^ck_inventory_(quantity|reserved)$/) },
    });
    expect(await stored(itemId)).toEqual({ quantity: 3, reserved_quantity: 0, parts: 0 });
  });

  it('another tenant neither loads nor changes the item', async () => {
    const itemId = await stock(3);
    expect(await confinedTo(b.tenantId, () => items.findById(a.tenantId, itemId))).toBeNull();
    const [rows, count] = (await confinedTo(b.tenantId, () =>
      db.manager.query(`UPDATE inventory SET quantity = 0 WHERE id = $1 RETURNING id`, [itemId]),
    )) as [unknown[], number];
    expect(rows).toEqual([]);
    expect(count).toBe(0);
    expect((await stored(itemId)).quantity).toBe(3);
  });
});
