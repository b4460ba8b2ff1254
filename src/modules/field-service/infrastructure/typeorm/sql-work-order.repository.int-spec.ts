import { Db, RequestContext } from '@opsledger/persistence';
import { randomUUID } from 'node:crypto';
import {
  createBillingTenant,
  BillingTenant,
} from '../../../../../test/field-service/billing.fixture';
import { createTestApp, TestApp } from '../../../../../test/support/test-app';
import { billingSystemActor } from '../../application/billing-access';
import { WorkOrder } from '../../domain/work-order.aggregate';
import { TechnicianDoubleBookedError } from '../../domain/work-order.errors';
import { WorkOrderRepository } from '../../domain/work-order.repository';

/**
 * The invariants field-service leaves to PostgreSQL, run against the real schema: the
 * exclusion constraint that refuses a technician's overlapping bookings, and the row lock that
 * serialises writers of one work order.
 */
describe('SqlWorkOrderRepository (PostgreSQL)', () => {
  let t: TestApp;
  let a: BillingTenant;
  let db: Db;
  let context: RequestContext;
  let orders: WorkOrderRepository;

  const inTenant = <T>(fn: () => Promise<T>) =>
    context.run(billingSystemActor(a.tenantId), () => db.transaction(fn));
  const booked = async (start: string, end: string, technicianId = a.technicianId) => {
    const order = WorkOrder.open({
      id: randomUUID(),
      tenantId: a.tenantId,
      title: 'Service',
      customerId: a.customerId,
      customerAcceptsOrders: true,
      via: 'dispatch',
    });
    order.assignTechnician({
      technicianId,
      technicianAssignable: true,
      scheduledStart: start,
      scheduledEnd: end,
    });
    await inTenant(() => orders.save(order));
    return order.id;
  };

  beforeAll(async () => {
    t = await createTestApp();
    a = await createBillingTenant(t, await t.loginAsAdmin(), false);
    db = t.app.get(Db);
    context = t.app.get(RequestContext);
    orders = t.app.get(WorkOrderRepository);
  });
  afterAll(() => t.close());

  it('refuses an overlapping booking of one technician, and allows back-to-back ones', async () => {
    await booked('2031-05-01T09:00:00Z', '2031-05-01T11:00:00Z');
    await expect(booked('2031-05-01T10:59:00Z', '2031-05-01T12:00:00Z')).rejects.toBeInstanceOf(
      TechnicianDoubleBookedError,
    );
    await expect(booked('2031-05-01T08:00:00Z', '2031-05-01T13:00:00Z')).rejects.toBeInstanceOf(
      TechnicianDoubleBookedError,
    );
    await expect(booked('2031-05-01T11:00:00Z', '2031-05-01T12:00:00Z')).resolves.toEqual(
      expect.any(String),
    );
  });

  it('of two concurrent overlapping bookings, exactly one is stored', async () => {
    const results = await Promise.allSettled([
      booked('2031-06-01T09:00:00Z', '2031-06-01T11:00:00Z'),
      booked('2031-06-01T10:00:00Z', '2031-06-01T12:00:00Z'),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    const rejected = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(rejected.reason).toBeInstanceOf(TechnicianDoubleBookedError);
  });

  it('a cancelled booking frees the technician’s time', async () => {
    const id = await booked('2031-07-01T09:00:00Z', '2031-07-01T11:00:00Z');
    await inTenant(async () => {
      const order = (await orders.findById(a.tenantId, id))!;
      order.cancel();
      await orders.save(order);
    });
    await expect(booked('2031-07-01T09:00:00Z', '2031-07-01T11:00:00Z')).resolves.toEqual(
      expect.any(String),
    );
  });

  it('locks the loaded row: a second writer waits for the first and sees its change', async () => {
    const id = await booked('2031-08-01T09:00:00Z', '2031-08-01T11:00:00Z');
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const order: string[] = [];
    const first = inTenant(async () => {
      const o = (await orders.findById(a.tenantId, id))!;
      order.push('first loaded');
      await held;
      o.changeDetails({ title: 'Changed by the first' });
      await orders.save(o);
      order.push('first saved');
    });
    // give the first transaction time to take the lock
    await new Promise((resolve) => setTimeout(resolve, 200));
    const second = inTenant(async () => {
      const o = (await orders.findById(a.tenantId, id))!;
      order.push('second loaded');
      return o.snapshot.title;
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(order).toEqual(['first loaded']);
    release();
    await first;
    expect(await second).toBe('Changed by the first');
    expect(order).toEqual(['first loaded', 'first saved', 'second loaded']);
  });
});
