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
import { WorkOrderReader } from '../../application/queries/work-order.reader';
import { WorkOrderSort } from '../../application/queries/work-order.read-model';

/**
 * The invariants field-service leaves to PostgreSQL, run against the real schema: the
 * exclusion constraint that refuses a technician's overlapping bookings, the row lock that
 * serialises writers of one work order, and keyset pages that neither skip nor repeat rows
 * whose sort keys tie.
 */
describe('SqlWorkOrderRepository (PostgreSQL)', () => {
  let t: TestApp;
  let a: BillingTenant;
  let db: Db;
  let context: RequestContext;
  let orders: WorkOrderRepository;
  let slot = 0;

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

  it('of five concurrent bookings that all overlap, exactly one is stored and the rest are coded refusals', async () => {
    const results = await Promise.allSettled(
      [0, 1, 2, 3, 4].map((i) => booked(`2031-09-01T0${i}:30:00Z`, `2031-09-01T0${i + 5}:00:00Z`)),
    );
    const stored = results.filter((r) => r.status === 'fulfilled');
    expect(stored).toHaveLength(1);
    for (const r of results.filter((r) => r.status === 'rejected'))
      expect((r as PromiseRejectedResult).reason).toBeInstanceOf(TechnicianDoubleBookedError);
    const rows = (await inTenant(() =>
      db.manager.query(
        `SELECT id FROM work_orders WHERE tenant_id = $1 AND assigned_technician_id = $2
            AND scheduled_start >= '2031-09-01' AND scheduled_start < '2031-09-02'`,
        [a.tenantId, a.technicianId],
      ),
    )) as Array<{ id: string }>;
    expect(rows.map((r) => r.id)).toEqual([(stored[0] as PromiseFulfilledResult<string>).value]);
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

  it.each<[WorkOrderSort, 'asc' | 'desc']>([
    ['createdAt', 'desc'],
    ['scheduledStart', 'asc'],
    ['priority', 'desc'],
  ])('pages by %s %s: every order once, in order, ties included', async (sort, direction) => {
    const reader = t.app.get(WorkOrderReader);
    // the same schedule and priority for several orders: ties the keyset must break by id
    for (let i = 0; i < 3; i += 1) {
      slot += 1;
      const day = `2032-01-${String(slot).padStart(2, '0')}`;
      await booked(`${day}T09:00:00Z`, `${day}T10:00:00Z`);
    }
    const all = await inTenant(() =>
      reader.listWorkOrders(a.tenantId, {}, { sort, order: direction, limit: 100 }),
    );
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await inTenant(() =>
        reader.listWorkOrders(a.tenantId, {}, { sort, order: direction, limit: 2, cursor }),
      );
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((o) => o.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(all.items.length).toBeGreaterThan(4);
    expect(seen).toEqual(all.items.map((o) => o.id));
    expect(new Set(seen).size).toBe(seen.length);
  });

  it.each<[WorkOrderSort, 'asc' | 'desc']>([
    ['createdAt', 'desc'],
    ['scheduledStart', 'asc'],
    ['priority', 'desc'],
  ])(
    'pages by %s %s while orders are opened between pages: none of the earlier ones is missed, none repeated',
    async (sort, direction) => {
      const reader = t.app.get(WorkOrderReader);
      for (let i = 0; i < 3; i += 1) {
        slot += 1;
        const day = `2032-01-${String(slot).padStart(2, '0')}`;
        await booked(`${day}T09:00:00Z`, `${day}T10:00:00Z`);
      }
      const before = (
        await inTenant(() =>
          reader.listWorkOrders(a.tenantId, {}, { sort, order: direction, limit: 100 }),
        )
      ).items.map((o) => o.id);
      const opened: string[] = [];
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await inTenant(() =>
          reader.listWorkOrders(a.tenantId, {}, { sort, order: direction, limit: 3, cursor }),
        );
        seen.push(...page.items.map((o) => o.id));
        cursor = page.nextCursor ?? undefined;
        // an unscheduled order with the default priority: it ties with others on that key
        const order = WorkOrder.open({
          id: randomUUID(),
          tenantId: a.tenantId,
          title: 'Opened meanwhile',
          customerId: a.customerId,
          customerAcceptsOrders: true,
          via: 'dispatch',
        });
        await inTenant(() => orders.save(order));
        opened.push(order.id);
      } while (cursor);
      expect(before.length).toBeGreaterThan(6);
      expect(new Set(seen).size).toBe(seen.length);
      // every order that existed throughout, once, in the order it had
      expect(seen.filter((id) => before.includes(id))).toEqual(before);
      // anything else seen is one opened during the walk
      expect(seen.filter((id) => !before.includes(id)).every((id) => opened.includes(id))).toBe(
        true,
      );
    },
  );
});
