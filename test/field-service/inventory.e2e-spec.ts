import { superuserClient } from '@opsledger/testing';
import { randomUUID } from 'node:crypto';
import type { Client } from 'pg';
import { createTenantWithMembers, TenantMember } from '../support/tenant-fixture';
import { createTestApp, TestApp } from '../support/test-app';

type Res = { statusCode: number; headers: Record<string, unknown>; json(): any; body: string };
const UNKNOWN = '0b7c3c5e-4f1a-4c55-9d1e-5a7a4d6f0c11';
const REORDER = 'field-service.inventory.reorder-level-reached.v1';

describe('inventory (e2e)', () => {
  let t: TestApp;
  let pg: Client;
  let tenantA: string;
  let a: Record<'owner' | 'dispatcher' | 'tech' | 'customer' | 'stranger', TenantMember>;
  let b: Record<'owner', TenantMember>;
  let seq = 0;

  const expectProblem = (res: Res, status: number, field?: string) => {
    expect({ status: res.statusCode, body: res.body }).toMatchObject({ status });
    expect(String(res.headers['content-type'])).toContain('application/problem+json');
    expect(res.json().status).toBe(status);
    if (field) expect(res.json().errors.map((e: { field: string }) => e.field)).toContain(field);
  };
  /** Everything an inventory command could write. */
  const counts = async () =>
    (
      await pg.query(`SELECT (SELECT count(*)::int FROM inventory) AS items,
        (SELECT coalesce(sum(version), 0)::int FROM inventory) AS versions,
        (SELECT count(*)::int FROM work_order_parts) AS parts,
        (SELECT count(*)::int FROM event_store WHERE stream_type = 'inventory') AS events`)
    ).rows[0];
  const eventsOf = async (id: string) =>
    (
      await pg.query(
        `SELECT event_type AS type, payload, metadata->'previous' AS previous, tenant_id FROM event_store
          WHERE stream_type = 'inventory' AND stream_id = $1 ORDER BY stream_version`,
        [id],
      )
    ).rows as Array<{ type: string; payload: any; previous: any; tenant_id: string }>;
  const create = async (body: Record<string, unknown> = {}, token = a.owner.token) => {
    const res = await t.call('POST', '/api/v1/inventory', token, {
      name: `Part ${++seq}`,
      sku: `SKU-${seq}`,
      quantity: 10,
      reorderLevel: 2,
      unitCost: '4.50',
      ...body,
    });
    expect({ status: res.statusCode, body: res.body }).toMatchObject({ status: 201 });
    return res.json() as { id: string; sku: string; version: number };
  };

  beforeAll(async () => {
    t = await createTestApp();
    const admin = await t.loginAsAdmin();
    const tenant = await createTenantWithMembers(t, admin, {
      owner: 'owner',
      dispatcher: 'dispatcher',
      tech: 'member',
      customer: 'member',
      stranger: 'member',
    });
    tenantA = tenant.tenantId;
    a = tenant.members;
    b = (await createTenantWithMembers(t, admin, { owner: 'owner' })).members;
    pg = await superuserClient(t.db.url);
    await pg.query(
      `INSERT INTO technicians (id, tenant_id, user_id, license_number, first_name, last_name) VALUES ($1, $2, $3, 'LIC-1', 'Tess', 'Tech')`,
      [randomUUID(), tenantA, a.tech.id],
    );
    await pg.query(
      `INSERT INTO customers (id, tenant_id, user_id, email) VALUES ($1, $2, $3, 'c@example.com')`,
      [randomUUID(), tenantA, a.customer.id],
    );
  });
  afterAll(async () => {
    await pg.end();
    await t.close();
  });

  describe('create and read', () => {
    it('a dispatcher stocks an item: 201 with Location, ETag, exact money and a ledger event', async () => {
      const res = await t.call('POST', '/api/v1/inventory', a.dispatcher.token, {
        name: '  Oil filter ',
        sku: 'OF-100',
        description: 'Fits model X\nand Y',
        quantity: 12,
        reorderLevel: 4,
        unitCost: '12.5',
        location: 'Van 3',
        supplier: 'Acme',
      });
      expect(res.statusCode).toBe(201);
      const item = res.json();
      expect(res.headers.location).toBe(`/api/v1/inventory/${item.id}`);
      expect(res.headers.etag).toBe('"v1"');
      expect(item).toMatchObject({
        tenantId: tenantA,
        name: 'Oil filter',
        sku: 'OF-100',
        quantity: 12,
        reservedQuantity: 0,
        availableQuantity: 12,
        reorderLevel: 4,
        unitCost: '12.50',
        status: 'in_stock',
        isActive: true,
        belowReorderLevel: false,
        version: 1,
      });
      const events = await eventsOf(item.id);
      expect(events).toEqual([
        expect.objectContaining({ type: 'field-service.inventory.created.v1', tenant_id: tenantA }),
      ]);
      expect(events[0].payload).toMatchObject({ sku: 'OF-100', unitCost: '12.50', quantity: 12 });

      const got = await t.call('GET', `/api/v1/inventory/${item.id}`, a.tech.token);
      expect(got.statusCode).toBe(200);
      expect(got.headers.etag).toBe('"v1"');
      expect(got.json()).toEqual(item);
    });

    it('a duplicate sku in the tenant is a 409 naming sku, and nothing is written; another tenant may use it', async () => {
      await create({ sku: 'DUP-1' });
      const before = await counts();
      expectProblem(
        await t.call('POST', '/api/v1/inventory', a.owner.token, { name: 'Again', sku: 'DUP-1' }),
        409,
        'sku',
      );
      expect(await counts()).toEqual(before);
      expect(
        (await t.call('POST', '/api/v1/inventory', b.owner.token, { name: 'Theirs', sku: 'DUP-1' }))
          .statusCode,
      ).toBe(201);
    });

    it('three racing creators of one sku: one 201, the others 409, never a 500', async () => {
      const results = await Promise.all(
        [1, 2, 3].map(() =>
          t.call('POST', '/api/v1/inventory', a.owner.token, { name: 'Race', sku: 'RACE-1' }),
        ),
      );
      expect(results.map((r) => r.statusCode).sort()).toEqual([201, 409, 409]);
      expect(
        (await pg.query(`SELECT count(*)::int AS n FROM inventory WHERE sku = 'RACE-1'`)).rows[0].n,
      ).toBe(1);
    });
  });

  describe('list, filters, sort and pagination', () => {
    let ids: Record<string, string>;
    beforeAll(async () => {
      const mk = async (
        name: string,
        sku: string,
        quantity: number,
        reorderLevel: number,
        extra: Record<string, unknown> = {},
      ) => (await create({ name, sku, quantity, reorderLevel, ...extra })).id;
      ids = {
        bolt: await mk('Hex bolt M8', 'L-BOLT-8', 100, 20),
        nut: await mk('Hex nut M8', 'L-NUT-8', 5, 20),
        washer: await mk('Washer 100%_steel', 'L-WASH', 0, 0),
        gasket: await mk('Gasket', 'L-GASK', 3, 3, { discontinued: true }),
      };
      expect(
        (await t.call('POST', `/api/v1/inventory/${ids.gasket}/deactivate`, a.owner.token))
          .statusCode,
      ).toBe(200);
    });
    const list = async (qs: string, token = a.owner.token) => {
      const res = await t.call('GET', `/api/v1/inventory?${qs}`, token);
      expect({ status: res.statusCode, body: res.body }).toMatchObject({ status: 200 });
      return res.json() as {
        items: Array<{ id: string; sku: string; quantity: number }>;
        nextCursor: string | null;
      };
    };

    it('filters by status, text (name or sku, case-insensitive, wildcards literal), reorder level and activity', async () => {
      expect((await list('q=hex%20BOLT')).items.map((i) => i.id)).toEqual([ids.bolt]);
      expect((await list('q=l-nut')).items.map((i) => i.id)).toEqual([ids.nut]);
      expect((await list('q=100%25_')).items.map((i) => i.id)).toEqual([ids.washer]);
      expect((await list('q=%25')).items.map((i) => i.id)).toContain(ids.washer);
      expect((await list('q=L-&status=low_stock')).items.map((i) => i.id)).toEqual([ids.nut]);
      expect((await list('q=L-&status=out_of_stock')).items.map((i) => i.id)).toEqual([ids.washer]);
      expect((await list('q=L-&belowReorder=true&sort=sku')).items.map((i) => i.id)).toEqual([
        ids.gasket,
        ids.nut,
        ids.washer,
      ]);
      expect((await list('q=L-&belowReorder=false')).items.map((i) => i.id)).toEqual([ids.bolt]);
      expect((await list('q=L-&isActive=false')).items.map((i) => i.id)).toEqual([ids.gasket]);
      expect((await list('q=L-&status=discontinued')).items.map((i) => i.id)).toEqual([ids.gasket]);
    });

    it('sorts by a field, descending with "-", and technicians may list', async () => {
      expect(
        (await list('q=L-&sort=-quantity', a.tech.token)).items.map((i) => i.quantity),
      ).toEqual([100, 5, 3, 0]);
      expect((await list('q=L-&sort=sku')).items.map((i) => i.sku)).toEqual([
        'L-BOLT-8',
        'L-GASK',
        'L-NUT-8',
        'L-WASH',
      ]);
      expect((await list('q=L-&sort=-createdAt')).items.map((i) => i.id)).toEqual([
        ids.gasket,
        ids.washer,
        ids.nut,
        ids.bolt,
      ]);
    });

    it.each(['name', '-name', 'sku', '-quantity', 'createdAt', '-updatedAt'])(
      'walks every page sorted by %s without skipping or repeating',
      async (sort) => {
        const all = (await list(`sort=${sort}&limit=100`)).items.map((i) => i.id);
        const seen: string[] = [];
        let cursor: string | null = null;
        do {
          const page = await list(`sort=${sort}&limit=3${cursor ? `&cursor=${cursor}` : ''}`);
          expect(page.items.length).toBeLessThanOrEqual(3);
          seen.push(...page.items.map((i) => i.id));
          cursor = page.nextCursor;
        } while (cursor);
        expect(seen).toEqual(all);
        expect(new Set(seen).size).toBe(seen.length);
      },
    );

    it('refuses a cursor made for another sort, or forged, with a 400 naming cursor', async () => {
      const { nextCursor } = await list('sort=name&limit=1');
      expectProblem(
        await t.call(
          'GET',
          `/api/v1/inventory?sort=sku&limit=1&cursor=${nextCursor}`,
          a.owner.token,
        ),
        400,
        'cursor',
      );
      const forged = Buffer.from(JSON.stringify(['quantity', 'x', UNKNOWN])).toString('base64url');
      expectProblem(
        await t.call('GET', `/api/v1/inventory?sort=quantity&cursor=${forged}`, a.owner.token),
        400,
        'cursor',
      );
      expectProblem(
        await t.call('GET', '/api/v1/inventory?cursor=bm90LWpzb24', a.owner.token),
        400,
        'cursor',
      );
    });

    it.each([
      ['status=bogus', 'status'],
      ['sort=price', 'sort'],
      ['limit=0', 'limit'],
      ['limit=101', 'limit'],
      ['limit=abc', 'limit'],
      ['belowReorder=maybe', 'belowReorder'],
      [`q=${'x'.repeat(101)}`, 'q'],
      ['color=red', 'color'],
    ])('GET /inventory?%s is a 400 naming %s', async (qs, field) => {
      expectProblem(await t.call('GET', `/api/v1/inventory?${qs}`, a.owner.token), 400, field);
    });
  });

  describe('change details with If-Match', () => {
    it('changes details, answers the new ETag and records previous values; a stale If-Match is a 412 writing nothing', async () => {
      const item = await create({ unitCost: '19.99', quantity: 8, reorderLevel: 2 });
      const res = await t.call(
        'PATCH',
        `/api/v1/inventory/${item.id}`,
        a.owner.token,
        { name: 'Renamed', unitCost: '20.01', location: null },
        { 'if-match': '"v1"' },
      );
      expect(res.statusCode).toBe(200);
      expect(res.headers.etag).toBe('"v2"');
      expect(res.json()).toMatchObject({ name: 'Renamed', unitCost: '20.01', version: 2 });
      const changed = (await eventsOf(item.id)).find(
        (e) => e.type === 'field-service.inventory.details-changed.v1',
      );
      expect(changed?.payload).toEqual({ name: 'Renamed', unitCost: '20.01' });
      expect(changed?.previous).toEqual({ name: `Part ${seq}`, unitCost: '19.99' });

      const before = await counts();
      const stale = await t.call(
        'PATCH',
        `/api/v1/inventory/${item.id}`,
        a.owner.token,
        { name: 'Lost update' },
        { 'if-match': '"v1"' },
      );
      expectProblem(stale, 412);
      expect(stale.json().code).toBe('CONCURRENCY.STALE_VERSION');
      expectProblem(
        await t.call(
          'POST',
          `/api/v1/inventory/${item.id}/receive`,
          a.owner.token,
          { quantity: 1 },
          { 'if-match': '"v1"' },
        ),
        412,
      );
      expectProblem(
        await t.call('DELETE', `/api/v1/inventory/${item.id}`, a.owner.token, undefined, {
          'if-match': '"v1"',
        }),
        412,
      );
      expectProblem(
        await t.call(
          'PATCH',
          `/api/v1/inventory/${item.id}`,
          a.owner.token,
          { name: 'x' },
          { 'if-match': 'v2' },
        ),
        400,
        'If-Match',
      );
      expect(await counts()).toEqual(before);
      expect((await t.call('GET', `/api/v1/inventory/${item.id}`, a.owner.token)).json().name).toBe(
        'Renamed',
      );
    });

    it('discontinues an item and brings it back to the status its stock gives', async () => {
      const item = await create({ quantity: 1, reorderLevel: 0 });
      const off = await t.call('PATCH', `/api/v1/inventory/${item.id}`, a.owner.token, {
        discontinued: true,
      });
      expect(off.json().status).toBe('discontinued');
      const on = await t.call('PATCH', `/api/v1/inventory/${item.id}`, a.owner.token, {
        discontinued: false,
        reorderLevel: 1,
      });
      expect(on.json()).toMatchObject({ status: 'low_stock', reorderLevel: 1 });
    });

    it('a sku change to a taken sku is a 409 naming sku', async () => {
      const first = await create();
      const second = await create();
      const before = await counts();
      expectProblem(
        await t.call('PATCH', `/api/v1/inventory/${second.id}`, a.owner.token, { sku: first.sku }),
        409,
        'sku',
      );
      expect(await counts()).toEqual(before);
    });
  });

  describe('receive, adjust and the reorder level', () => {
    it('receives and adjusts stock with previous values in the ledger; never below zero (409, nothing written)', async () => {
      const item = await create({ quantity: 3, reorderLevel: 0 });
      const received = await t.call('POST', `/api/v1/inventory/${item.id}/receive`, a.owner.token, {
        quantity: 7,
      });
      expect(received.statusCode).toBe(200);
      expect(received.headers.etag).toBe('"v2"');
      expect(received.json()).toMatchObject({ quantity: 10, availableQuantity: 10 });
      const adjusted = await t.call('POST', `/api/v1/inventory/${item.id}/adjust`, a.owner.token, {
        delta: -4,
        reason: 'Damaged in transit',
      });
      expect(adjusted.json()).toMatchObject({ quantity: 6 });
      const events = await eventsOf(item.id);
      expect(events.slice(1).map((e) => [e.type, e.payload, e.previous])).toEqual([
        [
          'field-service.inventory.stock-received.v1',
          { received: 7, quantity: 10, status: 'in_stock' },
          { quantity: 3, status: 'in_stock' },
        ],
        [
          'field-service.inventory.stock-adjusted.v1',
          { delta: -4, reason: 'Damaged in transit', quantity: 6, status: 'in_stock' },
          { quantity: 10, status: 'in_stock' },
        ],
      ]);

      const before = await counts();
      const refused = await t.call('POST', `/api/v1/inventory/${item.id}/adjust`, a.owner.token, {
        delta: -7,
        reason: 'Count',
      });
      expectProblem(refused, 409, 'quantity');
      expect(refused.json().code).toBe('INVENTORY.INSUFFICIENT_STOCK');
      expect(await counts()).toEqual(before);
    });

    it('announces the reorder level once when crossing it, and lists the item for reorder until restocked', async () => {
      const item = await create({ name: 'Belt', quantity: 10, reorderLevel: 4 });
      const adjust = (delta: number) =>
        t.call('POST', `/api/v1/inventory/${item.id}/adjust`, a.owner.token, {
          delta,
          reason: 'Count',
        });
      await adjust(-5);
      expect((await eventsOf(item.id)).map((e) => e.type)).not.toContain(REORDER);
      expect((await adjust(-1)).json()).toMatchObject({
        quantity: 4,
        status: 'low_stock',
        belowReorderLevel: true,
      });
      await adjust(-1);
      const events = await eventsOf(item.id);
      expect(events.filter((e) => e.type === REORDER)).toHaveLength(1);
      expect(events.find((e) => e.type === REORDER)?.payload).toEqual({
        sku: item.sku,
        name: 'Belt',
        quantity: 4,
        reorderLevel: 4,
        supplier: null,
      });

      const reorder = await t.call('GET', '/api/v1/inventory/reorder?limit=100', a.tech.token);
      expect(reorder.statusCode).toBe(200);
      expect(reorder.json().items.map((i: { id: string }) => i.id)).toContain(item.id);
      await t.call('POST', `/api/v1/inventory/${item.id}/receive`, a.owner.token, { quantity: 10 });
      const after = await t.call('GET', '/api/v1/inventory/reorder?limit=100', a.owner.token);
      expect(after.json().items.map((i: { id: string }) => i.id)).not.toContain(item.id);
    });

    it('lists for reorder only active, not discontinued items at or below their level, largest shortfall first', async () => {
      const tenant = await createTenantWithMembers(t, await t.loginAsAdmin(), { owner: 'owner' });
      const token = tenant.members.owner.token;
      const at = await create({ quantity: 2, reorderLevel: 2 }, token);
      const far = await create({ quantity: 0, reorderLevel: 9 }, token);
      const mid = await create({ quantity: 1, reorderLevel: 5 }, token);
      await create({ quantity: 3, reorderLevel: 2 }, token);
      await create({ quantity: 0, reorderLevel: 5, discontinued: true }, token);
      const inactive = await create({ quantity: 0, reorderLevel: 5 }, token);
      await t.call('POST', `/api/v1/inventory/${inactive.id}/deactivate`, token);
      const first = (await t.call('GET', '/api/v1/inventory/reorder?limit=2', token)).json();
      expect(first.items.map((i: { id: string }) => i.id)).toEqual([far.id, mid.id]);
      const second = (
        await t.call('GET', `/api/v1/inventory/reorder?limit=2&cursor=${first.nextCursor}`, token)
      ).json();
      expect(second).toEqual({ items: [expect.objectContaining({ id: at.id })], nextCursor: null });
      const announced = await pg.query(
        `SELECT count(*)::int AS n FROM event_store WHERE event_type = $1 AND tenant_id = $2`,
        [REORDER, tenant.tenantId],
      );
      // `far`, `mid`, `at` and the deactivated one (announced when it was created): never the discontinued one
      expect(announced.rows[0].n).toBe(4);
    });
  });

  describe('deactivate, reactivate and delete', () => {
    it('a deactivated item takes no stock until reactivated', async () => {
      const item = await create();
      const off = await t.call('POST', `/api/v1/inventory/${item.id}/deactivate`, a.owner.token);
      expect(off.json()).toMatchObject({ isActive: false, version: 2 });
      const before = await counts();
      const refused = await t.call('POST', `/api/v1/inventory/${item.id}/receive`, a.owner.token, {
        quantity: 1,
      });
      expectProblem(refused, 409);
      expect(refused.json().code).toBe('INVENTORY.INACTIVE');
      expect(await counts()).toEqual(before);
      const on = await t.call('POST', `/api/v1/inventory/${item.id}/reactivate`, a.owner.token);
      expect(on.json()).toMatchObject({ isActive: true, version: 3 });
      expect((await eventsOf(item.id)).map((e) => e.type).slice(1)).toEqual([
        'field-service.inventory.deactivated.v1',
        'field-service.inventory.reactivated.v1',
      ]);
    });

    it('deletes an item no work order used: 204, then 404, with the deletion in the ledger', async () => {
      const item = await create();
      const res = await t.call('DELETE', `/api/v1/inventory/${item.id}`, a.owner.token, undefined, {
        'if-match': '"v1"',
      });
      expect(res.statusCode).toBe(204);
      expectProblem(await t.call('GET', `/api/v1/inventory/${item.id}`, a.owner.token), 404);
      expect((await eventsOf(item.id)).map((e) => e.type)).toEqual([
        'field-service.inventory.created.v1',
        'field-service.inventory.deleted.v1',
      ]);
      expectProblem(await t.call('DELETE', `/api/v1/inventory/${item.id}`, a.owner.token), 404);
    });
  });

  describe('who may do what', () => {
    it('technicians read but do not write; customers and strangers neither; no token is a 401', async () => {
      const item = await create();
      expect((await t.call('GET', `/api/v1/inventory/${item.id}`, a.tech.token)).statusCode).toBe(
        200,
      );
      const before = await counts();
      for (const token of [a.tech.token, a.customer.token, a.stranger.token]) {
        expectProblem(
          await t.call('POST', '/api/v1/inventory', token, { name: 'x', sku: `NO-${++seq}` }),
          403,
        );
        expectProblem(
          await t.call('PATCH', `/api/v1/inventory/${item.id}`, token, { name: 'x' }),
          403,
        );
        expectProblem(
          await t.call('POST', `/api/v1/inventory/${item.id}/receive`, token, { quantity: 1 }),
          403,
        );
        expectProblem(
          await t.call('POST', `/api/v1/inventory/${item.id}/adjust`, token, {
            delta: 1,
            reason: 'x',
          }),
          403,
        );
        expectProblem(await t.call('POST', `/api/v1/inventory/${item.id}/deactivate`, token), 403);
        expectProblem(await t.call('DELETE', `/api/v1/inventory/${item.id}`, token), 403);
      }
      for (const token of [a.customer.token, a.stranger.token]) {
        expectProblem(await t.call('GET', `/api/v1/inventory/${item.id}`, token), 403);
        expectProblem(await t.call('GET', '/api/v1/inventory', token), 403);
        expectProblem(await t.call('GET', '/api/v1/inventory/reorder', token), 403);
      }
      expectProblem(await t.call('GET', '/api/v1/inventory', null), 401);
      expect(await counts()).toEqual(before);
    });

    it('another tenant’s item does not exist: 404 for every endpoint, absent from lists, nothing written', async () => {
      const item = await create({ quantity: 0, reorderLevel: 5 });
      const token = b.owner.token;
      const before = await counts();
      expectProblem(await t.call('GET', `/api/v1/inventory/${item.id}`, token), 404);
      expectProblem(
        await t.call('PATCH', `/api/v1/inventory/${item.id}`, token, { name: 'Mine now' }),
        404,
      );
      expectProblem(
        await t.call('POST', `/api/v1/inventory/${item.id}/receive`, token, { quantity: 1 }),
        404,
      );
      expectProblem(
        await t.call('POST', `/api/v1/inventory/${item.id}/adjust`, token, {
          delta: -1,
          reason: 'x',
        }),
        404,
      );
      expectProblem(await t.call('POST', `/api/v1/inventory/${item.id}/deactivate`, token), 404);
      expectProblem(await t.call('POST', `/api/v1/inventory/${item.id}/reactivate`, token), 404);
      expectProblem(await t.call('DELETE', `/api/v1/inventory/${item.id}`, token), 404);
      const ids = [
        ...(await t.call('GET', '/api/v1/inventory?limit=100', token)).json().items,
        ...(await t.call('GET', '/api/v1/inventory/reorder?limit=100', token)).json().items,
      ].map((i: { id: string; tenantId: string }) => i.id);
      expect(ids).not.toContain(item.id);
      expect(await counts()).toEqual(before);
    });
  });

  describe('bad input: 4xx problem naming the field, nothing written', () => {
    const valid = { name: 'Valid', sku: 'VALID-1', quantity: 1, unitCost: '1.00' };
    it.each([
      ['malformed JSON', '{"name": "x", ', undefined],
      ['unknown field', { ...valid, color: 'red' }, 'color'],
      ['an empty body', {}, 'name'],
      ['wrong type', { ...valid, name: 42 }, 'name'],
      ['negative quantity', { ...valid, quantity: -1 }, 'quantity'],
      ['non-integer quantity', { ...valid, quantity: 1.5 }, 'quantity'],
      ['quantity as a string', { ...valid, quantity: '5' }, 'quantity'],
      ['quantity beyond the column', { ...valid, quantity: 2 ** 31 }, 'quantity'],
      ['negative reorder level', { ...valid, reorderLevel: -1 }, 'reorderLevel'],
      ['over-long name', { ...valid, name: 'x'.repeat(256) }, 'name'],
      ['over-long sku', { ...valid, sku: 'x'.repeat(101) }, 'sku'],
      ['over-long description', { ...valid, description: 'x'.repeat(5001) }, 'description'],
      ['over-long supplier', { ...valid, supplier: 'x'.repeat(256) }, 'supplier'],
      ['a NUL in the name', { ...valid, name: 'a\u0000b' }, 'name'],
      ['a blank name', { ...valid, name: '   ' }, 'name'],
      ['money with 3 decimals', { ...valid, unitCost: '12.345' }, 'unitCost'],
      ['negative money', { ...valid, unitCost: '-1.00' }, 'unitCost'],
      ['money as a number', { ...valid, unitCost: 12.5 }, 'unitCost'],
      ['money in exponent form', { ...valid, unitCost: '1e3' }, 'unitCost'],
      ['money beyond numeric(10,2)', { ...valid, unitCost: '100000000.00' }, 'unitCost'],
      ['discontinued not a boolean', { ...valid, discontinued: 'yes' }, 'discontinued'],
    ])('POST /inventory with %s is a 400', async (_name, payload, field) => {
      const before = await counts();
      expectProblem(await t.call('POST', '/api/v1/inventory', a.owner.token, payload), 400, field);
      expect(await counts()).toEqual(before);
    });

    describe('on an existing item', () => {
      let id: string;
      beforeAll(async () => {
        id = (await create({ quantity: 10 })).id;
      });
      it.each([
        ['PATCH', '', 'malformed JSON', '{"name": ', undefined],
        ['PATCH', '', 'unknown field', { nickname: 'x' }, 'nickname'],
        ['PATCH', '', 'a quantity (only receive/adjust change it)', { quantity: 3 }, 'quantity'],
        ['PATCH', '', 'a null name', { name: null }, 'name'],
        ['PATCH', '', 'wrong type', { reorderLevel: '3' }, 'reorderLevel'],
        ['PATCH', '', 'negative reorder level', { reorderLevel: -2 }, 'reorderLevel'],
        ['PATCH', '', 'bad money', { unitCost: '1.2.3' }, 'unitCost'],
        ['PATCH', '', 'over-long location', { location: 'x'.repeat(256) }, 'location'],
        ['POST', '/receive', 'malformed JSON', '{', undefined],
        ['POST', '/receive', 'zero units', { quantity: 0 }, 'quantity'],
        ['POST', '/receive', 'negative units', { quantity: -3 }, 'quantity'],
        ['POST', '/receive', 'non-integer units', { quantity: 2.5 }, 'quantity'],
        ['POST', '/receive', 'units as a string', { quantity: '3' }, 'quantity'],
        ['POST', '/receive', 'no units', {}, 'quantity'],
        ['POST', '/receive', 'unknown field', { quantity: 1, note: 'x' }, 'note'],
        ['POST', '/receive', 'more than the column holds', { quantity: 2 ** 31 - 1 }, 'quantity'],
        ['POST', '/adjust', 'a zero delta', { delta: 0, reason: 'x' }, 'delta'],
        ['POST', '/adjust', 'a non-integer delta', { delta: -1.5, reason: 'x' }, 'delta'],
        ['POST', '/adjust', 'no reason', { delta: -1 }, 'reason'],
        [
          'POST',
          '/adjust',
          'an over-long reason',
          { delta: -1, reason: 'x'.repeat(501) },
          'reason',
        ],
        ['POST', '/adjust', 'unknown field', { delta: -1, reason: 'x', by: 'me' }, 'by'],
      ])('%s /inventory/{id}%s with %s is a 400', async (method, path, _name, payload, field) => {
        const before = await counts();
        expectProblem(
          await t.call(method as 'POST', `/api/v1/inventory/${id}${path}`, a.owner.token, payload),
          400,
          field,
        );
        expect(await counts()).toEqual(before);
      });
    });

    it('an invalid UUID in the path is a 400 naming it; an unknown one a 404', async () => {
      const before = await counts();
      for (const [method, path, body] of [
        ['GET', '', undefined],
        ['PATCH', '', { name: 'x' }],
        ['POST', '/receive', { quantity: 1 }],
        ['POST', '/adjust', { delta: 1, reason: 'x' }],
        ['POST', '/deactivate', undefined],
        ['POST', '/reactivate', undefined],
        ['DELETE', '', undefined],
      ] as const) {
        expectProblem(
          await t.call(method, `/api/v1/inventory/not-a-uuid${path}`, a.owner.token, body),
          400,
          'id',
        );
        expectProblem(
          await t.call(method, `/api/v1/inventory/${UNKNOWN}${path}`, a.owner.token, body),
          404,
        );
      }
      expect(await counts()).toEqual(before);
    });
  });

  it('documents the endpoints under the field-service tag with problem responses', async () => {
    const doc = (await t.call('GET', '/docs-json', null)).json();
    for (const path of [
      '/api/v1/inventory',
      '/api/v1/inventory/{id}',
      '/api/v1/inventory/reorder',
      '/api/v1/inventory/{id}/adjust',
    ]) {
      expect(Object.keys(doc.paths)).toContain(path);
    }
    for (const path of [
      '/api/v1/work-orders/{id}/parts',
      '/api/v1/work-orders/{id}/parts/{partId}/consume',
      '/api/v1/field-service/dashboard',
    ]) {
      expect(Object.keys(doc.paths)).toContain(path);
    }
    expect(doc.paths['/api/v1/inventory'].post.tags).toEqual(['field-service']);
    expect(doc.paths['/api/v1/field-service/dashboard'].get.security).toEqual([{ bearer: [] }]);
    expect(
      doc.paths['/api/v1/inventory/{id}'].patch.responses['412'].content[
        'application/problem+json'
      ],
    ).toBeDefined();
  });
});
