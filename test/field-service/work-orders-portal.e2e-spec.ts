import { superuserClient } from '@opsledger/testing';
import { createTenantWithMembers, TenantMember } from '../support/tenant-fixture';
import { createTestApp, TestApp } from '../support/test-app';

type Res = { statusCode: number; headers: Record<string, unknown>; json(): any };

/** Spec 003's user-profile pattern: what customers' and technicians' own logins see and do. */
describe('work orders through the portals (e2e)', () => {
  let t: TestApp;
  let m: Record<
    'dispatcher' | 'customer1' | 'customer2' | 'tech1' | 'tech2' | 'nobody',
    TenantMember
  >;
  let other: TenantMember;
  let c1: string;
  let c2: string;
  let t1: string;
  let t2: string;
  let o1: string;
  let o2: string;
  let o3: string;

  const expectProblem = (res: Res, status: number, field?: string) => {
    expect(res.statusCode).toBe(status);
    expect(String(res.headers['content-type'])).toContain('application/problem+json');
    expect(res.json().status).toBe(status);
    if (field) expect(res.json().errors.map((e: { field: string }) => e.field)).toContain(field);
  };
  const counts = async () => {
    const c = await superuserClient(t.db.url);
    const r = await c.query(`SELECT (SELECT count(*)::int FROM work_orders) AS orders,
      (SELECT count(*)::int FROM event_store WHERE stream_type IN ('work-order', 'customer', 'technician')) AS events`);
    await c.end();
    return r.rows[0] as { orders: number; events: number };
  };
  const ids = (res: Res) => res.json().items.map((o: { id: string }) => o.id);
  beforeAll(async () => {
    t = await createTestApp();
    const admin = await t.loginAsAdmin();
    m = (
      await createTenantWithMembers(t, admin, {
        dispatcher: 'dispatcher',
        customer1: 'member',
        customer2: 'viewer',
        tech1: 'member',
        tech2: 'member',
        nobody: 'member',
      })
    ).members;
    other = (await createTenantWithMembers(t, admin, { dispatcher: 'dispatcher' })).members
      .dispatcher;
    const create = async (url: string, body: unknown) => {
      const res = await t.call('POST', url, m.dispatcher.token, body);
      expect(res.statusCode).toBe(201);
      return res.json().id as string;
    };
    c1 = await create('/api/v1/customers', { email: 'one@portal.example' });
    c2 = await create('/api/v1/customers', { email: 'two@portal.example' });
    t1 = await create('/api/v1/technicians', {
      licenseNumber: 'P-1',
      firstName: 'Tess',
      lastName: 'One',
      hourlyRate: '75.00',
    });
    t2 = await create('/api/v1/technicians', {
      licenseNumber: 'P-2',
      firstName: 'Theo',
      lastName: 'Two',
    });
    for (const [kind, id, user] of [
      ['customers', c1, m.customer1],
      ['customers', c2, m.customer2],
      ['technicians', t1, m.tech1],
      ['technicians', t2, m.tech2],
    ] as const) {
      expect(
        (
          await t.call('POST', `/api/v1/${kind}/${id}/portal-user`, m.dispatcher.token, {
            userId: user.id,
          })
        ).statusCode,
      ).toBe(200);
    }
    o1 = await create('/api/v1/work-orders', { title: 'One’s boiler', customerId: c1 });
    o2 = await create('/api/v1/work-orders', { title: 'Two’s roof', customerId: c2 });
    o3 = await create('/api/v1/work-orders', { title: 'One’s gutter', customerId: c1 });
    for (const [order, tech, date] of [
      [o1, t1, '2030-10-01'],
      [o2, t2, '2030-10-01'],
    ]) {
      const res = await t.call('POST', `/api/v1/work-orders/${order}/assign`, m.dispatcher.token, {
        assignedTechnicianId: tech,
        scheduledStart: `${date}T09:00:00Z`,
        scheduledEnd: `${date}T11:00:00Z`,
      });
      expect(res.statusCode).toBe(200);
    }
  });
  afterAll(() => t.close());

  it('a customer’s user lists and reads only its own orders; another customer’s is a 404', async () => {
    expect(ids(await t.call('GET', '/api/v1/work-orders', m.customer1.token))).toEqual([o1, o3]);
    expect(ids(await t.call('GET', '/api/v1/work-orders', m.customer2.token))).toEqual([o2]);
    expect(
      ids(await t.call('GET', `/api/v1/work-orders?customerId=${c2}`, m.customer1.token)),
    ).toEqual([]);
    expect(
      ids(await t.call('GET', `/api/v1/work-orders?technicianId=${t2}`, m.customer1.token)),
    ).toEqual([]);
    expect((await t.call('GET', `/api/v1/work-orders/${o1}`, m.customer1.token)).json().title).toBe(
      'One’s boiler',
    );
    expectProblem(await t.call('GET', `/api/v1/work-orders/${o2}`, m.customer1.token), 404);
  });

  it('a customer’s user opens a pending request for itself, never for another customer', async () => {
    const res = await t.call('POST', '/api/v1/work-orders', m.customer1.token, {
      title: 'Noisy radiator',
      priority: 'high',
      scheduledStart: '2030-10-05T09:00:00Z',
      scheduledEnd: '2030-10-05T10:00:00Z',
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      customerId: c1,
      status: 'pending',
      assignedTechnicianId: null,
      priority: 'high',
    });
    const c = await superuserClient(t.db.url);
    const event = await c.query(
      `SELECT payload->>'via' AS via, metadata->>'actorId' AS actor FROM event_store WHERE stream_id = $1`,
      [res.json().id],
    );
    await c.end();
    expect(event.rows[0]).toEqual({ via: 'customer-portal', actor: m.customer1.id });
    expect(
      (
        await t.call('POST', '/api/v1/work-orders', m.customer1.token, {
          title: 'Mine',
          customerId: c1,
        })
      ).statusCode,
    ).toBe(201);

    const before = await counts();
    expectProblem(
      await t.call('POST', '/api/v1/work-orders', m.customer1.token, {
        title: 'Theirs',
        customerId: c2,
      }),
      403,
    );
    expectProblem(
      await t.call('POST', '/api/v1/work-orders', m.tech1.token, {
        title: 'Side job',
        customerId: c1,
      }),
      403,
    );
    expectProblem(
      await t.call('POST', '/api/v1/work-orders', m.nobody.token, {
        title: 'Who?',
        customerId: c1,
      }),
      403,
    );
    expect(await counts()).toEqual(before);
  });

  it('a customer’s user cannot change or move its orders (403) and cannot touch others’ (404); nothing is written', async () => {
    const before = await counts();
    expectProblem(
      await t.call('PATCH', `/api/v1/work-orders/${o3}`, m.customer1.token, { priority: 'urgent' }),
      403,
    );
    expectProblem(await t.call('DELETE', `/api/v1/work-orders/${o3}`, m.customer1.token), 403);
    for (const action of ['start', 'cancel', 'unassign', 'deactivate']) {
      expectProblem(
        await t.call('POST', `/api/v1/work-orders/${o1}/${action}`, m.customer1.token),
        403,
      );
      expectProblem(
        await t.call('POST', `/api/v1/work-orders/${o2}/${action}`, m.customer1.token),
        404,
      );
    }
    expectProblem(
      await t.call('POST', `/api/v1/work-orders/${o3}/assign`, m.customer1.token, {
        assignedTechnicianId: t1,
      }),
      403,
    );
    expect(await counts()).toEqual(before);
  });

  it('a technician’s user sees only orders assigned to it and carries them through to completion', async () => {
    expect(ids(await t.call('GET', '/api/v1/work-orders', m.tech1.token))).toEqual([o1]);
    expect(
      ids(await t.call('GET', `/api/v1/work-orders?technicianId=${t2}`, m.tech1.token)),
    ).toEqual([]);
    expectProblem(await t.call('GET', `/api/v1/work-orders/${o2}`, m.tech1.token), 404);
    expectProblem(await t.call('GET', `/api/v1/work-orders/${o3}`, m.tech1.token), 404);

    const before = await counts();
    expectProblem(await t.call('POST', `/api/v1/work-orders/${o2}/start`, m.tech1.token), 404);
    expectProblem(
      await t.call('POST', `/api/v1/work-orders/${o3}/assign`, m.tech1.token, {
        assignedTechnicianId: t1,
      }),
      404,
    );
    expectProblem(await t.call('POST', `/api/v1/work-orders/${o1}/cancel`, m.tech1.token), 403);
    expectProblem(await t.call('POST', `/api/v1/work-orders/${o1}/unassign`, m.tech1.token), 403);
    expectProblem(
      await t.call('POST', `/api/v1/work-orders/${o1}/reschedule`, m.tech1.token, {
        scheduledStart: '2030-10-02T09:00:00Z',
        scheduledEnd: '2030-10-02T10:00:00Z',
      }),
      403,
    );
    expectProblem(
      await t.call('PATCH', `/api/v1/work-orders/${o1}`, m.tech1.token, { title: 'Mine now' }),
      403,
    );
    expectProblem(await t.call('DELETE', `/api/v1/work-orders/${o1}`, m.tech1.token), 403);
    expect(await counts()).toEqual(before);

    for (const [action, body, status] of [
      ['start', undefined, 'in_progress'],
      ['pause', undefined, 'on_hold'],
      ['resume', undefined, 'in_progress'],
      ['complete', { laborHours: '1.75' }, 'completed'],
    ] as const) {
      const res = await t.call('POST', `/api/v1/work-orders/${o1}/${action}`, m.tech1.token, body);
      expect([action, res.statusCode, res.json().status]).toEqual([action, 200, status]);
    }
    expect(
      (await t.call('GET', `/api/v1/work-orders/${o1}`, m.customer1.token)).json(),
    ).toMatchObject({ status: 'completed', laborHours: '1.75' });
    const c = await superuserClient(t.db.url);
    const completed = await c.query(
      `SELECT metadata->>'actorId' AS actor, metadata->'previous' AS previous, payload FROM event_store
        WHERE stream_id = $1 AND event_type = 'field-service.work-order.completed.v1'`,
      [o1],
    );
    await c.end();
    expect(completed.rows[0]).toMatchObject({
      actor: m.tech1.id,
      previous: { status: 'in_progress' },
      payload: { status: 'completed', laborHours: '1.75' },
    });
  });

  it('dispatchers see everything in the tenant; users without a profile get a 403', async () => {
    expect(ids(await t.call('GET', '/api/v1/work-orders', m.dispatcher.token))).toEqual(
      expect.arrayContaining([o1, o2, o3]),
    );
    expectProblem(await t.call('GET', '/api/v1/work-orders', m.nobody.token), 403);
    expectProblem(await t.call('GET', `/api/v1/work-orders/${o1}`, m.nobody.token), 403);
  });

  it('another tenant’s order is a 404 for every route, and never listed; nothing is written', async () => {
    const before = await counts();
    const url = `/api/v1/work-orders/${o2}`;
    expectProblem(await t.call('GET', url, other.token), 404);
    expectProblem(await t.call('PATCH', url, other.token, { title: 'Taken over' }), 404);
    expectProblem(await t.call('DELETE', url, other.token), 404);
    for (const action of [
      'start',
      'pause',
      'resume',
      'cancel',
      'unassign',
      'deactivate',
      'reactivate',
    ])
      expectProblem(await t.call('POST', `${url}/${action}`, other.token), 404);
    expectProblem(
      await t.call('POST', `${url}/complete`, other.token, { laborHours: '1.00' }),
      404,
    );
    expectProblem(
      await t.call('POST', `${url}/assign`, other.token, { assignedTechnicianId: t2 }),
      404,
    );
    expectProblem(
      await t.call('POST', `${url}/reschedule`, other.token, {
        scheduledStart: '2030-10-02T09:00:00Z',
        scheduledEnd: '2030-10-02T10:00:00Z',
      }),
      404,
    );
    expect(ids(await t.call('GET', '/api/v1/work-orders', other.token))).toEqual([]);
    // another tenant's customer or technician cannot be referenced either
    const mine = (
      await t.call('POST', '/api/v1/customers', other.token, { email: 'b@other.example' })
    ).json().id;
    const order = (
      await t.call('POST', '/api/v1/work-orders', other.token, { title: 'B job', customerId: mine })
    ).json().id;
    const mid = await counts();
    expectProblem(
      await t.call('POST', '/api/v1/work-orders', other.token, { title: 'Steal', customerId: c1 }),
      422,
      'customerId',
    );
    expectProblem(
      await t.call('POST', `/api/v1/work-orders/${order}/assign`, other.token, {
        assignedTechnicianId: t1,
        scheduledStart: '2030-10-02T09:00:00Z',
        scheduledEnd: '2030-10-02T10:00:00Z',
      }),
      422,
      'assignedTechnicianId',
    );
    expect(await counts()).toEqual(mid);
    expect(mid.orders).toBe(before.orders + 1);
  });

  it('a deactivated customer’s user loses its portal', async () => {
    expect(
      (await t.call('POST', `/api/v1/customers/${c2}/deactivate`, m.dispatcher.token)).statusCode,
    ).toBe(200);
    expectProblem(await t.call('GET', '/api/v1/work-orders', m.customer2.token), 403);
    expectProblem(await t.call('GET', `/api/v1/work-orders/${o2}`, m.customer2.token), 403);
    expect(
      (await t.call('POST', `/api/v1/customers/${c2}/reactivate`, m.dispatcher.token)).statusCode,
    ).toBe(200);
    expect(ids(await t.call('GET', '/api/v1/work-orders', m.customer2.token))).toEqual([o2]);
  });
});
