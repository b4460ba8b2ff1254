import { superuserClient } from '@opsledger/testing';
import { randomUUID } from 'node:crypto';
import type { Client } from 'pg';
import { createTenantWithMembers, TenantMember } from '../support/tenant-fixture';
import { createTestApp, TestApp } from '../support/test-app';

type Res = { statusCode: number; headers: Record<string, unknown>; json(): any; body: string };
const UNKNOWN = '0b7c3c5e-4f1a-4c55-9d1e-5a7a4d6f0c11';

describe('work-order parts (e2e)', () => {
  let t: TestApp;
  let pg: Client;
  let tenantA: string;
  let tenantB: string;
  let a: Record<'owner' | 'tech1' | 'tech2' | 'customer' | 'stranger', TenantMember>;
  let b: Record<'owner', TenantMember>;
  let customerA: string;
  let customerB: string;
  let tech1: string;
  let tech2: string;
  let seq = 0;

  const expectProblem = (res: Res, status: number, field?: string) => {
    expect({ status: res.statusCode, body: res.body }).toMatchObject({ status });
    expect(String(res.headers['content-type'])).toContain('application/problem+json');
    if (field) expect(res.json().errors.map((e: { field: string }) => e.field)).toContain(field);
  };
  const counts = async () =>
    (
      await pg.query(`SELECT (SELECT count(*)::int FROM work_order_parts) AS parts,
        (SELECT count(*)::int FROM work_order_parts WHERE status = 'reserved') AS reserved,
        (SELECT coalesce(sum(version), 0)::int FROM inventory) AS versions,
        (SELECT coalesce(sum(quantity), 0)::int FROM inventory) AS quantity,
        (SELECT count(*)::int FROM event_store WHERE stream_type = 'inventory') AS events`)
    ).rows[0];
  const stock = async (id: string) =>
    (
      await pg.query(`SELECT quantity, reserved_quantity, version FROM inventory WHERE id = $1`, [
        id,
      ])
    ).rows[0] as {
      quantity: number;
      reserved_quantity: number;
      version: number;
    };
  const workOrder = async (
    status: string,
    technician: string | null = null,
    tenant = tenantA,
    active = true,
  ) => {
    const id = randomUUID();
    await pg.query(
      `INSERT INTO work_orders (id, tenant_id, title, customer_id, status, assigned_technician_id, completed_at, is_active)
       VALUES ($1, $2, $3, $4, $5::text, $6, CASE WHEN $5::text = 'completed' THEN now() END, $7)`,
      [
        id,
        tenant,
        `Job ${++seq}`,
        tenant === tenantA ? customerA : customerB,
        status,
        technician,
        active,
      ],
    );
    return id;
  };
  const item = async (body: Record<string, unknown> = {}, token = a.owner.token) => {
    const res = await t.call('POST', '/api/v1/inventory', token, {
      name: `Part ${++seq}`,
      sku: `P-${seq}`,
      quantity: 10,
      unitCost: '12.50',
      ...body,
    });
    expect({ status: res.statusCode, body: res.body }).toMatchObject({ status: 201 });
    return res.json().id as string;
  };
  const reserve = (
    workOrderId: string,
    inventoryId: string,
    quantity: number,
    token = a.owner.token,
  ) => t.call('POST', `/api/v1/work-orders/${workOrderId}/parts`, token, { inventoryId, quantity });
  const reserved = async (
    workOrderId: string,
    inventoryId: string,
    quantity: number,
    token = a.owner.token,
  ) => {
    const res = await reserve(workOrderId, inventoryId, quantity, token);
    expect({ status: res.statusCode, body: res.body }).toMatchObject({ status: 201 });
    return res.json().id as string;
  };
  const settle = (
    workOrderId: string,
    partId: string,
    action: 'consume' | 'release',
    token = a.owner.token,
  ) => t.call('POST', `/api/v1/work-orders/${workOrderId}/parts/${partId}/${action}`, token);

  beforeAll(async () => {
    t = await createTestApp();
    const admin = await t.loginAsAdmin();
    const tenant = await createTenantWithMembers(t, admin, {
      owner: 'owner',
      tech1: 'member',
      tech2: 'member',
      customer: 'member',
      stranger: 'member',
    });
    tenantA = tenant.tenantId;
    a = tenant.members;
    const other = await createTenantWithMembers(t, admin, { owner: 'owner' });
    tenantB = other.tenantId;
    b = other.members;
    pg = await superuserClient(t.db.url);
    [customerA, customerB, tech1, tech2] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    await pg.query(
      `INSERT INTO customers (id, tenant_id, user_id, email) VALUES ($1, $2, $3, 'a@example.com'), ($4, $5, NULL, 'b@example.com')`,
      [customerA, tenantA, a.customer.id, customerB, tenantB],
    );
    await pg.query(
      `INSERT INTO technicians (id, tenant_id, user_id, license_number, first_name, last_name)
       VALUES ($1, $3, $4, 'L-1', 'Ann', 'One'), ($2, $3, $5, 'L-2', 'Ben', 'Two')`,
      [tech1, tech2, tenantA, a.tech1.id, a.tech2.id],
    );
  });
  afterAll(async () => {
    await pg.end();
    await t.close();
  });

  describe('reserve, consume, release', () => {
    it('reserves units for a work order: 201 with Location, the cost captured, the stock set aside, the ledger written', async () => {
      const wo = await workOrder('assigned', tech1);
      const inv = await item({ quantity: 10, unitCost: '12.50' });
      const res = await reserve(wo, inv, 2);
      expect(res.statusCode).toBe(201);
      const part = res.json();
      expect(res.headers.location).toBe(`/api/v1/work-orders/${wo}/parts/${part.id}`);
      expect(part).toMatchObject({
        workOrderId: wo,
        inventoryId: inv,
        quantity: 2,
        unitCost: '12.50',
        totalCost: '25.00',
        status: 'reserved',
      });
      expect(await stock(inv)).toEqual({ quantity: 10, reserved_quantity: 2, version: 2 });
      const got = (await t.call('GET', `/api/v1/inventory/${inv}`, a.owner.token)).json();
      expect(got).toMatchObject({ quantity: 10, reservedQuantity: 2, availableQuantity: 8 });
      const row = (
        await pg.query(
          `SELECT status, unit_cost::text AS unit_cost, tenant_id FROM work_order_parts WHERE id = $1`,
          [part.id],
        )
      ).rows[0];
      expect(row).toEqual({ status: 'reserved', unit_cost: '12.50', tenant_id: tenantA });
      const event = (
        await pg.query(
          `SELECT payload, metadata->'previous' AS previous FROM event_store WHERE stream_id = $1 AND stream_version = 2`,
          [inv],
        )
      ).rows[0];
      expect(event).toEqual({
        payload: {
          partId: part.id,
          workOrderId: wo,
          units: 2,
          unitCost: '12.50',
          reservedQuantity: 2,
        },
        previous: { reservedQuantity: 0 },
      });
      expect(
        (await t.call('GET', `/api/v1/work-orders/${wo}/parts/${part.id}`, a.owner.token)).json(),
      ).toEqual(part);
    });

    it('consumes at the cost captured at reservation, whatever the item costs now', async () => {
      const wo = await workOrder('in_progress', tech1);
      const inv = await item({ quantity: 5, unitCost: '19.99', reorderLevel: 0 });
      const partId = await reserved(wo, inv, 3);
      await t.call('PATCH', `/api/v1/inventory/${inv}`, a.owner.token, { unitCost: '25.00' });
      const res = await settle(wo, partId, 'consume');
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({
        status: 'consumed',
        unitCost: '19.99',
        totalCost: '59.97',
      });
      expect(await stock(inv)).toMatchObject({ quantity: 2, reserved_quantity: 0 });
      const consumed = (
        await pg.query(
          `SELECT payload, metadata->'previous' AS previous FROM event_store WHERE stream_id = $1 AND event_type = 'field-service.inventory.part-consumed.v1'`,
          [inv],
        )
      ).rows[0];
      expect(consumed.payload).toMatchObject({
        units: 3,
        unitCost: '19.99',
        quantity: 2,
        reservedQuantity: 0,
      });
      expect(consumed.previous).toMatchObject({ quantity: 5, reservedQuantity: 3 });
    });

    it('releases units back to what is available; a settled part cannot be settled again (409, nothing written)', async () => {
      const wo = await workOrder('assigned', tech1);
      const inv = await item({ quantity: 4 });
      const partId = await reserved(wo, inv, 4);
      const released = await settle(wo, partId, 'release');
      expect(released.json()).toMatchObject({ status: 'released' });
      expect(await stock(inv)).toMatchObject({ quantity: 4, reserved_quantity: 0 });
      const before = await counts();
      for (const action of ['release', 'consume'] as const) {
        const again = await settle(wo, partId, action);
        expectProblem(again, 409);
        expect(again.json()).toMatchObject({
          code: 'WORK_ORDER_PART.INVALID_TRANSITION',
          allowedTransitions: [],
        });
      }
      expect(await counts()).toEqual(before);
    });

    it('never reserves more than is available: 409 naming quantity, nothing written', async () => {
      const wo = await workOrder('pending');
      const inv = await item({ quantity: 5 });
      await reserved(wo, inv, 4);
      const before = await counts();
      const res = await reserve(wo, inv, 2);
      expectProblem(res, 409, 'quantity');
      expect(res.json().code).toBe('INVENTORY.INSUFFICIENT_STOCK');
      expect(await counts()).toEqual(before);
      expect(
        (
          await t.call('POST', `/api/v1/inventory/${inv}/adjust`, a.owner.token, {
            delta: -2,
            reason: 'x',
          })
        ).statusCode,
      ).toBe(409);
    });

    it('a completed, cancelled or deactivated work order refuses new reservations (409), nothing written', async () => {
      const inv = await item();
      const before = await counts();
      for (const wo of [
        await workOrder('completed'),
        await workOrder('cancelled'),
        await workOrder('pending', null, tenantA, false),
      ]) {
        const res = await reserve(wo, inv, 1);
        expectProblem(res, 409);
        expect(res.json().code).toBe('WORK_ORDER_PART.WORK_ORDER_CLOSED');
      }
      expect(await counts()).toEqual(before);
    });

    it('a deactivated item takes no reservation, but its open ones can still be consumed', async () => {
      const wo = await workOrder('in_progress', tech1);
      const inv = await item({ quantity: 3 });
      const partId = await reserved(wo, inv, 2);
      await t.call('POST', `/api/v1/inventory/${inv}/deactivate`, a.owner.token);
      expect((await reserve(wo, inv, 1)).json().code).toBe('INVENTORY.INACTIVE');
      expect((await settle(wo, partId, 'consume')).statusCode).toBe(200);
      expect(await stock(inv)).toMatchObject({ quantity: 1, reserved_quantity: 0 });
    });

    it('a work order with parts cannot be deleted behind the inventory’s back; a tenant still goes as a whole', async () => {
      const wo = await workOrder('pending');
      const inv = await item({ quantity: 2 });
      await reserved(wo, inv, 2);
      await expect(pg.query(`DELETE FROM work_orders WHERE id = $1`, [wo])).rejects.toMatchObject({
        code: '23503',
        constraint: 'fk_work_order_parts_work_order',
      });
      expect(await stock(inv)).toMatchObject({ quantity: 2, reserved_quantity: 2 });

      const other = await createTenantWithMembers(t, await t.loginAsAdmin(), { owner: 'owner' });
      const c = randomUUID();
      await pg.query(
        `INSERT INTO customers (id, tenant_id, email) VALUES ($1, $2, 'gone@example.com')`,
        [c, other.tenantId],
      );
      const goneOrder = randomUUID();
      await pg.query(
        `INSERT INTO work_orders (id, tenant_id, title, customer_id) VALUES ($1, $2, 'Gone', $3)`,
        [goneOrder, other.tenantId, c],
      );
      const goneItem = await item({}, other.members.owner.token);
      await reserved(goneOrder, goneItem, 1, other.members.owner.token);
      await pg.query(`DELETE FROM tenants WHERE id = $1`, [other.tenantId]);
      expect(
        (
          await pg.query(`SELECT count(*)::int AS n FROM work_order_parts WHERE tenant_id = $1`, [
            other.tenantId,
          ])
        ).rows[0].n,
      ).toBe(0);
    });

    it('an item that served a work order cannot be deleted (409), even once its parts are released', async () => {
      const wo = await workOrder('assigned', tech2);
      const inv = await item();
      const partId = await reserved(wo, inv, 1);
      await settle(wo, partId, 'release');
      const before = await counts();
      const res = await t.call('DELETE', `/api/v1/inventory/${inv}`, a.owner.token);
      expectProblem(res, 409);
      expect(res.json().code).toBe('INVENTORY.IN_USE');
      expect(await counts()).toEqual(before);
    });

    it('lists a work order’s parts oldest first, page by page', async () => {
      const wo = await workOrder('assigned', tech1);
      const inv = await item({ quantity: 50 });
      const ids = [];
      for (let i = 1; i <= 5; i++) ids.push(await reserved(wo, inv, i));
      const first = (
        await t.call('GET', `/api/v1/work-orders/${wo}/parts?limit=3`, a.tech1.token)
      ).json();
      expect(first.items.map((p: { id: string }) => p.id)).toEqual(ids.slice(0, 3));
      const second = (
        await t.call(
          'GET',
          `/api/v1/work-orders/${wo}/parts?limit=3&cursor=${first.nextCursor}`,
          a.tech1.token,
        )
      ).json();
      expect(second.items.map((p: { id: string }) => p.id)).toEqual(ids.slice(3));
      expect(second.nextCursor).toBeNull();
      expectProblem(
        await t.call('GET', `/api/v1/work-orders/${wo}/parts?cursor=WyJ4IiwieSJd`, a.owner.token),
        400,
        'cursor',
      );
    });
  });

  describe('who may handle parts', () => {
    it('the assigned technician reserves, lists and consumes on their own work order only', async () => {
      const mine = await workOrder('in_progress', tech1);
      const theirs = await workOrder('in_progress', tech2);
      const unassigned = await workOrder('pending');
      const inv = await item({ quantity: 10 });
      const partId = await reserved(mine, inv, 2, a.tech1.token);
      expect(
        (await t.call('GET', `/api/v1/work-orders/${mine}/parts`, a.tech1.token)).json().items,
      ).toHaveLength(1);
      expect((await settle(mine, partId, 'consume', a.tech1.token)).statusCode).toBe(200);

      const theirPart = await reserved(theirs, inv, 1);
      const before = await counts();
      for (const wo of [theirs, unassigned]) {
        expectProblem(await reserve(wo, inv, 1, a.tech1.token), 404);
        expectProblem(await t.call('GET', `/api/v1/work-orders/${wo}/parts`, a.tech1.token), 404);
      }
      expectProblem(await settle(theirs, theirPart, 'release', a.tech1.token), 404);
      expectProblem(
        await t.call('GET', `/api/v1/work-orders/${theirs}/parts/${theirPart}`, a.tech1.token),
        404,
      );
      expect(await counts()).toEqual(before);
    });

    it('customers and members without a profile are refused (403); no token is a 401', async () => {
      const wo = await workOrder('pending');
      const inv = await item();
      const before = await counts();
      for (const token of [a.customer.token, a.stranger.token]) {
        expectProblem(await reserve(wo, inv, 1, token), 403);
        expectProblem(await t.call('GET', `/api/v1/work-orders/${wo}/parts`, token), 403);
      }
      expectProblem(await t.call('GET', `/api/v1/work-orders/${wo}/parts`, null), 401);
      expect(await counts()).toEqual(before);
    });

    it('a part is reached only through its own work order', async () => {
      const wo = await workOrder('assigned', tech1);
      const other = await workOrder('assigned', tech1);
      const inv = await item();
      const partId = await reserved(wo, inv, 1);
      const before = await counts();
      expectProblem(await settle(other, partId, 'consume'), 404);
      expectProblem(await settle(wo, UNKNOWN, 'consume'), 404);
      expectProblem(
        await t.call('GET', `/api/v1/work-orders/${other}/parts/${partId}`, a.owner.token),
        404,
      );
      expect(await counts()).toEqual(before);
    });

    it('another tenant’s work orders, items and parts do not exist (404), nothing written', async () => {
      const woA = await workOrder('assigned', tech1);
      const invA = await item();
      const partA = await reserved(woA, invA, 1);
      const woB = await workOrder('pending', null, tenantB);
      const invB = await item({}, b.owner.token);
      const before = await counts();
      expectProblem(await reserve(woA, invB, 1), 404, 'inventoryId');
      expectProblem(await reserve(woB, invA, 1), 404);
      expectProblem(await reserve(woA, invA, 1, b.owner.token), 404);
      expectProblem(await reserve(woB, invA, 1, b.owner.token), 404, 'inventoryId');
      expectProblem(await t.call('GET', `/api/v1/work-orders/${woA}/parts`, b.owner.token), 404);
      expectProblem(
        await t.call('GET', `/api/v1/work-orders/${woA}/parts/${partA}`, b.owner.token),
        404,
      );
      expectProblem(await settle(woA, partA, 'consume', b.owner.token), 404);
      expectProblem(await settle(woB, partA, 'release', b.owner.token), 404);
      expect(await counts()).toEqual(before);
    });
  });

  describe('bad input: 400 naming the field, nothing written', () => {
    let wo: string;
    let inv: string;
    beforeAll(async () => {
      wo = await workOrder('assigned', tech1);
      inv = await item();
    });
    it.each([
      ['malformed JSON', '{"inventoryId": ', undefined],
      ['unknown field', () => ({ inventoryId: inv, quantity: 1, price: '1.00' }), 'price'],
      ['no inventoryId', { quantity: 1 }, 'inventoryId'],
      ['an invalid inventoryId', { inventoryId: 'nope', quantity: 1 }, 'inventoryId'],
      ['zero quantity', () => ({ inventoryId: inv, quantity: 0 }), 'quantity'],
      ['negative quantity', () => ({ inventoryId: inv, quantity: -2 }), 'quantity'],
      ['non-integer quantity', () => ({ inventoryId: inv, quantity: 1.5 }), 'quantity'],
      ['quantity as a string', () => ({ inventoryId: inv, quantity: '1' }), 'quantity'],
      ['quantity beyond the column', () => ({ inventoryId: inv, quantity: 2 ** 31 }), 'quantity'],
    ])('POST /work-orders/{id}/parts with %s', async (_name, payload, field) => {
      const before = await counts();
      const body = typeof payload === 'function' ? payload() : payload;
      expectProblem(
        await t.call('POST', `/api/v1/work-orders/${wo}/parts`, a.owner.token, body),
        400,
        field,
      );
      expect(await counts()).toEqual(before);
    });

    it('invalid UUIDs in the path are a 400 naming them; unknown ones a 404', async () => {
      const before = await counts();
      expectProblem(
        await t.call('POST', '/api/v1/work-orders/x/parts', a.owner.token, {
          inventoryId: inv,
          quantity: 1,
        }),
        400,
        'id',
      );
      expectProblem(await t.call('GET', '/api/v1/work-orders/x/parts', a.owner.token), 400, 'id');
      expectProblem(
        await t.call('POST', `/api/v1/work-orders/${wo}/parts/x/consume`, a.owner.token),
        400,
        'partId',
      );
      expectProblem(
        await t.call('POST', `/api/v1/work-orders/${wo}/parts/x/release`, a.owner.token),
        400,
        'partId',
      );
      expectProblem(
        await t.call('GET', `/api/v1/work-orders/${wo}/parts/x`, a.owner.token),
        400,
        'partId',
      );
      expectProblem(await reserve(UNKNOWN, inv, 1), 404);
      expectProblem(await reserve(wo, UNKNOWN, 1), 404, 'inventoryId');
      expect(await counts()).toEqual(before);
    });
  });

  describe('never negative under concurrency', () => {
    const tally = (results: Res[]) => {
      const codes = results.map((r) => r.statusCode);
      expect(codes.filter((c) => c >= 500)).toEqual([]);
      return {
        ok: codes.filter((c) => c < 300).length,
        conflicts: codes.filter((c) => c === 409).length,
      };
    };

    it('12 parallel reservations of the last 5 units: 5 succeed, 7 are 409s, the stock holds', async () => {
      const inv = await item({ quantity: 5 });
      const orders: string[] = [];
      for (let i = 0; i < 12; i++) orders.push(await workOrder('assigned', tech1));
      const results = await Promise.all(orders.map((wo) => reserve(wo, inv, 1)));
      expect(tally(results)).toEqual({ ok: 5, conflicts: 7 });
      for (const r of results.filter((x) => x.statusCode === 409))
        expect(r.json().code).toBe('INVENTORY.INSUFFICIENT_STOCK');
      expect(await stock(inv)).toEqual({ quantity: 5, reserved_quantity: 5, version: 6 });
      const parts = await pg.query(
        `SELECT count(*)::int AS n FROM work_order_parts WHERE inventory_id = $1 AND status = 'reserved'`,
        [inv],
      );
      expect(parts.rows[0].n).toBe(5);
    });

    it('parallel consumptions of the last units, each part twice: each consumed once, quantity ends at zero', async () => {
      const inv = await item({ quantity: 4, reorderLevel: 1 });
      const wo = await workOrder('in_progress', tech1);
      const partIds = [
        await reserved(wo, inv, 1),
        await reserved(wo, inv, 1),
        await reserved(wo, inv, 2),
      ];
      const results = await Promise.all(
        [...partIds, ...partIds].map((id, i) =>
          settle(wo, id, 'consume', i % 2 ? a.tech1.token : a.owner.token),
        ),
      );
      expect(tally(results)).toEqual({ ok: 3, conflicts: 3 });
      expect(await stock(inv)).toMatchObject({ quantity: 0, reserved_quantity: 0 });
      const events = await pg.query(
        `SELECT event_type AS type FROM event_store WHERE stream_id = $1 ORDER BY stream_version`,
        [inv],
      );
      const types = events.rows.map((r) => r.type);
      expect(types.filter((x) => x === 'field-service.inventory.part-consumed.v1')).toHaveLength(3);
      expect(
        types.filter((x) => x === 'field-service.inventory.reorder-level-reached.v1'),
      ).toHaveLength(1);
      expect(events.rows).toHaveLength((await stock(inv)).version);
    });

    it('reservations and downward adjustments racing for the last 3 units: exactly 3 win, quantity ≥ reserved ≥ 0', async () => {
      const inv = await item({ quantity: 3 });
      const orders: string[] = [];
      for (let i = 0; i < 6; i++) orders.push(await workOrder('assigned', tech2));
      const results = await Promise.all([
        ...orders.map((wo) => reserve(wo, inv, 1)),
        ...[1, 2, 3, 4].map(() =>
          t.call('POST', `/api/v1/inventory/${inv}/adjust`, a.owner.token, {
            delta: -1,
            reason: 'Shrinkage',
          }),
        ),
      ]);
      const { ok, conflicts } = tally(results);
      expect([ok, conflicts]).toEqual([3, 7]);
      const reservedOk = results.slice(0, 6).filter((r) => r.statusCode === 201).length;
      const s = await stock(inv);
      expect(s).toMatchObject({ quantity: 3 - (ok - reservedOk), reserved_quantity: reservedOk });
      expect(s.quantity).toBeGreaterThanOrEqual(s.reserved_quantity);
    });

    it('the database refuses a negative quantity or reservations beyond stock even from a superuser', async () => {
      const inv = await item({ quantity: 1 });
      await expect(
        pg.query(`UPDATE inventory SET quantity = -1, reserved_quantity = 0 WHERE id = $1`, [inv]),
      ).rejects.toMatchObject({
        code: '23514',
        constraint: 'ck_inventory_quantity',
      });
      await expect(
        pg.query(`UPDATE inventory SET reserved_quantity = 2 WHERE id = $1`, [inv]),
      ).rejects.toMatchObject({
        code: '23514',
        constraint: 'ck_inventory_reserved',
      });
      expect(await stock(inv)).toMatchObject({ quantity: 1, reserved_quantity: 0 });
    });
  });
});
