import { superuserClient, waitForLedgerHorizon } from '@opsledger/testing';
import { createTenantWithMembers, TenantMember } from '../support/tenant-fixture';
import { createTestApp, TestApp } from '../support/test-app';

type Res = { statusCode: number; headers: Record<string, unknown>; json(): any };

describe('work orders (e2e)', () => {
  let t: TestApp;
  let admin: string;
  let seq = 0;
  let d: TenantMember;
  let customerId: string;
  let technicianId: string;
  let lifecycleOrder: string;

  const expectProblem = (res: Res, status: number, field?: string) => {
    expect(res.statusCode).toBe(status);
    expect(String(res.headers['content-type'])).toContain('application/problem+json');
    expect(res.json().status).toBe(status);
    if (field) expect(res.json().errors.map((e: { field: string }) => e.field)).toContain(field);
  };
  const counts = async () => {
    const c = await superuserClient(t.db.url);
    const r = await c.query(`SELECT (SELECT count(*)::int FROM work_orders) AS orders,
      (SELECT count(*)::int FROM event_store WHERE stream_type = 'work-order') AS events`);
    await c.end();
    return r.rows[0] as { orders: number; events: number };
  };
  const ledger = async (id: string) => {
    const c = await superuserClient(t.db.url);
    const r = await c.query(
      `SELECT event_type, payload, metadata->'previous' AS previous, metadata->>'actorId' AS actor FROM event_store WHERE stream_id = $1 ORDER BY stream_version`,
      [id],
    );
    await c.end();
    return r.rows as Array<{ event_type: string; payload: any; previous: any; actor: string }>;
  };
  /** Each order gets its own day, so no two of them book the technician at once. */
  const day = () => `2030-05-${String(++seq).padStart(2, '0')}`;
  const open = async (body: Record<string, unknown> = {}) => {
    const res = await t.call('POST', '/api/v1/work-orders', d.token, {
      title: `Job ${seq}`,
      customerId,
      ...body,
    });
    expect(res.statusCode).toBe(201);
    return res.json() as { id: string; version: number };
  };
  const post = (id: string, action: string, body?: unknown, headers?: Record<string, string>) =>
    t.call('POST', `/api/v1/work-orders/${id}/${action}`, d.token, body, headers);
  const assigned = async () => {
    const order = await open();
    const date = day();
    const res = await post(order.id, 'assign', {
      assignedTechnicianId: technicianId,
      scheduledStart: `${date}T09:00:00Z`,
      scheduledEnd: `${date}T11:00:00Z`,
    });
    expect(res.statusCode).toBe(200);
    return res.json() as { id: string; version: number };
  };

  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.loginAsAdmin();
    d = (await createTenantWithMembers(t, admin, { dispatcher: 'dispatcher' })).members.dispatcher;
    customerId = (
      await t.call('POST', '/api/v1/customers', d.token, { email: 'wo@acme.example' })
    ).json().id;
    technicianId = (
      await t.call('POST', '/api/v1/technicians', d.token, {
        licenseNumber: 'WO-1',
        firstName: 'Sam',
        lastName: 'Lee',
        hourlyRate: '80.00',
      })
    ).json().id;
  });
  afterAll(() => t.close());

  it('runs the whole lifecycle over HTTP; every step is in the ledger with old and new values', async () => {
    const created = await t.call('POST', '/api/v1/work-orders', d.token, {
      title: 'Furnace rattles',
      description: 'Basement unit',
      priority: 'high',
      customerId,
      scheduledStart: '2030-01-10T09:00:00+01:00',
      scheduledEnd: '2030-01-10T11:30:00+01:00',
    });
    expect(created.statusCode).toBe(201);
    const order = created.json();
    lifecycleOrder = order.id;
    expect(order).toMatchObject({
      title: 'Furnace rattles',
      status: 'pending',
      priority: 'high',
      customerId,
      assignedTechnicianId: null,
      scheduledStart: '2030-01-10T08:00:00.000Z',
      scheduledEnd: '2030-01-10T10:30:00.000Z',
      completedAt: null,
      laborHours: null,
      isActive: true,
      allowedActions: ['assign', 'reschedule', 'cancel'],
      version: 1,
    });
    expect(created.headers.location).toBe(`/api/v1/work-orders/${order.id}`);
    expect(created.headers.etag).toBe('"v1"');

    const steps: Array<[string, unknown, Record<string, unknown>]> = [
      [
        'assign',
        { assignedTechnicianId: technicianId },
        { status: 'assigned', assignedTechnicianId: technicianId, version: 2 },
      ],
      ['unassign', undefined, { status: 'pending', assignedTechnicianId: null }],
      [
        'reschedule',
        { scheduledStart: '2030-01-11T09:00:00Z', scheduledEnd: '2030-01-11T10:00:00Z' },
        { scheduledStart: '2030-01-11T09:00:00.000Z' },
      ],
      ['assign', { assignedTechnicianId: technicianId }, { status: 'assigned' }],
      ['start', undefined, { status: 'in_progress', allowedActions: ['pause', 'complete'] }],
      ['pause', undefined, { status: 'on_hold', allowedActions: ['resume'] }],
      ['resume', undefined, { status: 'in_progress' }],
      [
        'complete',
        { laborHours: '2.5' },
        { status: 'completed', laborHours: '2.50', allowedActions: [], version: 9 },
      ],
    ];
    for (const [action, body, expected] of steps) {
      const res = await post(order.id, action, body);
      expect([action, res.statusCode]).toEqual([action, 200]);
      expect(res.json()).toMatchObject(expected);
      expect(res.headers.etag).toBe(`"v${res.json().version}"`);
    }
    const done = (await t.call('GET', `/api/v1/work-orders/${order.id}`, d.token)).json();
    expect(new Date(done.completedAt).getTime()).toBeGreaterThan(Date.now() - 60_000);

    const events = await ledger(order.id);
    expect(events.map((e) => e.event_type.split('.')[2])).toEqual([
      'opened',
      'technician-assigned',
      'technician-unassigned',
      'rescheduled',
      'technician-assigned',
      'started',
      'paused',
      'resumed',
      'completed',
    ]);
    expect(events.every((e) => e.actor === d.id)).toBe(true);
    expect(events[1]).toMatchObject({
      payload: {
        status: 'assigned',
        assignedTechnicianId: technicianId,
        scheduledStart: '2030-01-10T08:00:00.000Z',
      },
      previous: {
        status: 'pending',
        assignedTechnicianId: null,
        scheduledStart: '2030-01-10T08:00:00.000Z',
      },
    });
    expect(events[3]).toMatchObject({
      payload: {
        scheduledStart: '2030-01-11T09:00:00.000Z',
        scheduledEnd: '2030-01-11T10:00:00.000Z',
      },
      previous: {
        scheduledStart: '2030-01-10T08:00:00.000Z',
        scheduledEnd: '2030-01-10T10:30:00.000Z',
      },
    });
    expect(events[8]).toMatchObject({
      payload: { status: 'completed', laborHours: '2.50' },
      previous: { status: 'in_progress', laborHours: null },
    });
    const c = await superuserClient(t.db.url);
    const row = await c.query(
      `SELECT labor_hours::text AS hours, completed_at IS NOT NULL AS done FROM work_orders WHERE id = $1`,
      [order.id],
    );
    await c.end();
    expect(row.rows[0]).toEqual({ hours: '2.50', done: true });
  });

  it('the audit trail shows each step of the order with old and new values', async () => {
    await waitForLedgerHorizon(t.db.url);
    await t.project();
    const res = await t.call(
      'GET',
      `/api/v1/audit/resources/work-order/${lifecycleOrder}?limit=20`,
      admin,
    );
    expect(res.statusCode).toBe(200);
    const entries = res.json().items as Array<{
      action: string;
      actor: { id: string };
      changes: Array<{ field: string; old: unknown; new: unknown }>;
    }>;
    expect(entries.map((e) => e.action)).toEqual([
      'opened',
      'technician-assigned',
      'technician-unassigned',
      'rescheduled',
      'technician-assigned',
      'started',
      'paused',
      'resumed',
      'completed',
    ]);
    expect(entries.every((e) => e.actor.id === d.id)).toBe(true);
    expect(entries[5].changes).toEqual([{ field: 'status', old: 'assigned', new: 'in_progress' }]);
    expect(entries[8].changes).toEqual(
      expect.arrayContaining([
        { field: 'status', old: 'in_progress', new: 'completed' },
        { field: 'laborHours', old: null, new: '2.50' },
      ]),
    );
  });

  it('documents every field-service operation in Swagger: tag, bearer, response DTO and problem responses', async () => {
    const doc = (await t.inject({ method: 'GET', url: '/docs-json' })).json();
    const operations = Object.entries(doc.paths as Record<string, Record<string, any>>)
      .filter(([path]) => /^\/api\/v1\/(customers|technicians|work-orders)(\/|$)/.test(path))
      .flatMap(([path, methods]) =>
        Object.entries(methods).map(([method, op]) => ({
          name: `${method.toUpperCase()} ${path}`,
          op,
        })),
      );
    expect(operations.length).toBeGreaterThanOrEqual(40);
    for (const { name, op } of operations) {
      expect([name, op.tags]).toEqual([name, ['field-service']]);
      expect([name, op.security]).toEqual([name, [{ bearer: [] }]]);
      const problems = Object.entries(op.responses as Record<string, any>).filter(
        ([status]) => Number(status) >= 400,
      );
      expect([name, problems.length > 0]).toEqual([name, true]);
      for (const [, response] of problems)
        expect(response.content['application/problem+json']).toBeDefined();
      const success = Object.entries(op.responses as Record<string, any>).find(
        ([status]) => Number(status) < 300,
      );
      expect([name, success !== undefined]).toEqual([name, true]);
      if (success && success[0] !== '204')
        expect([name, JSON.stringify(success[1].content)]).toEqual([
          name,
          expect.stringContaining('#/components/schemas/'),
        ]);
    }
  });

  it('an illegal transition is a 409 listing allowedTransitions, and nothing is written', async () => {
    const order = await open();
    const before = await counts();
    const start = await post(order.id, 'start');
    expectProblem(start, 409);
    expect(start.json()).toMatchObject({
      code: 'WORK_ORDER.INVALID_TRANSITION',
      allowedTransitions: ['assign', 'reschedule', 'cancel'],
    });
    expect(
      (await post(order.id, 'complete', { laborHours: '1.00' })).json().allowedTransitions,
    ).toEqual(['assign', 'reschedule', 'cancel']);
    expectProblem(await post(order.id, 'unassign'), 409);
    expect(await counts()).toEqual(before);

    expect((await post(order.id, 'cancel')).json().status).toBe('cancelled');
    const mid = await counts();
    for (const action of [
      'assign',
      'start',
      'pause',
      'resume',
      'cancel',
      'unassign',
      'reschedule',
      'complete',
    ]) {
      const res = await post(order.id, action, {
        assignedTechnicianId: technicianId,
        laborHours: '1',
        scheduledStart: '2030-01-01T10:00:00Z',
        scheduledEnd: '2030-01-01T11:00:00Z',
      });
      // bodies that do not fit an action are refused at the edge before the lifecycle speaks
      if (res.statusCode === 409) expect(res.json().allowedTransitions).toEqual([]);
      else expect(res.statusCode).toBe(400);
    }
    for (const action of ['start', 'pause', 'resume', 'cancel', 'unassign'])
      expect((await post(order.id, action)).json().allowedTransitions).toEqual([]);
    expectProblem(
      await t.call('PATCH', `/api/v1/work-orders/${order.id}`, d.token, { title: 'Late' }),
      409,
    );
    expect(await counts()).toEqual(mid);
  });

  it('PATCH and actions honour If-Match: stale is a 412 and writes nothing', async () => {
    const order = await open({ priority: 'low' });
    const url = `/api/v1/work-orders/${order.id}`;
    const changed = await t.call(
      'PATCH',
      url,
      d.token,
      { title: 'Renamed', priority: 'urgent', description: 'Now with details' },
      { 'if-match': '"v1"' },
    );
    expect(changed.statusCode).toBe(200);
    expect(changed.json()).toMatchObject({
      title: 'Renamed',
      priority: 'urgent',
      description: 'Now with details',
      version: 2,
    });
    expect(changed.headers.etag).toBe('"v2"');
    const before = await counts();
    expectProblem(
      await t.call('PATCH', url, d.token, { title: 'Stale' }, { 'if-match': '"v1"' }),
      412,
    );
    expectProblem(await post(order.id, 'cancel', undefined, { 'if-match': '"v1"' }), 412);
    expectProblem(await t.call('DELETE', url, d.token, undefined, { 'if-match': '"v1"' }), 412);
    expect(await counts()).toEqual(before);
    expect(
      (await t.call('PATCH', url, d.token, { description: null })).json().description,
    ).toBeNull();
    const events = await ledger(order.id);
    expect(events[1]).toMatchObject({
      payload: { title: 'Renamed', priority: 'urgent', description: 'Now with details' },
      previous: { title: `Job ${seq}`, priority: 'low', description: null },
    });
  });

  it('deletes only drafts: a pending order that was never assigned', async () => {
    const draft = await open();
    expect((await t.call('DELETE', `/api/v1/work-orders/${draft.id}`, d.token)).statusCode).toBe(
      204,
    );
    expectProblem(await t.call('GET', `/api/v1/work-orders/${draft.id}`, d.token), 404);
    expect((await ledger(draft.id)).map((e) => e.event_type)).toEqual([
      'field-service.work-order.opened.v1',
      'field-service.work-order.deleted.v1',
    ]);

    const once = await assigned();
    await post(once.id, 'unassign');
    const cancelled = await open();
    await post(cancelled.id, 'cancel');
    const before = await counts();
    for (const id of [once.id, cancelled.id]) {
      const res = await t.call('DELETE', `/api/v1/work-orders/${id}`, d.token);
      expectProblem(res, 409);
      expect(res.json().code).toBe('WORK_ORDER.NOT_A_DRAFT');
    }
    expect(await counts()).toEqual(before);
  });

  it('deactivating frees the technician’s window; reactivating into a taken window is the double-booking 409', async () => {
    const first = await open();
    const window = { scheduledStart: '2030-07-01T09:00:00Z', scheduledEnd: '2030-07-01T12:00:00Z' };
    expect(
      (await post(first.id, 'assign', { assignedTechnicianId: technicianId, ...window }))
        .statusCode,
    ).toBe(200);
    const off = await post(first.id, 'deactivate');
    expect(off.json()).toMatchObject({ isActive: false, status: 'assigned', allowedActions: [] });
    const inactive = await post(first.id, 'start');
    expectProblem(inactive, 409);
    expect(inactive.json().code).toBe('WORK_ORDER.INACTIVE');
    const second = await open();
    expect(
      (await post(second.id, 'assign', { assignedTechnicianId: technicianId, ...window }))
        .statusCode,
    ).toBe(200);
    const before = await counts();
    const back = await post(first.id, 'reactivate');
    expectProblem(back, 409, 'assignedTechnicianId');
    expect(back.json().code).toBe('WORK_ORDER.TECHNICIAN_DOUBLE_BOOKED');
    expect(await counts()).toEqual(before);
    await post(second.id, 'unassign');
    expect((await post(first.id, 'reactivate')).json()).toMatchObject({
      isActive: true,
      allowedActions: ['start', 'unassign', 'reschedule', 'cancel'],
    });
  });

  it('rescheduling an assigned order into the technician’s other booking is a 409 naming assignedTechnicianId', async () => {
    const a = await assigned();
    const b = await assigned();
    const aView = (await t.call('GET', `/api/v1/work-orders/${a.id}`, d.token)).json();
    const before = await counts();
    expectProblem(
      await post(b.id, 'reschedule', {
        scheduledStart: aView.scheduledStart,
        scheduledEnd: aView.scheduledEnd,
      }),
      409,
      'assignedTechnicianId',
    );
    expect(await counts()).toEqual(before);
  });

  it('refuses an inactive customer, an unassignable technician, and assignment without a schedule (422 naming the field)', async () => {
    const customer = (
      await t.call('POST', '/api/v1/customers', d.token, { email: 'gone@acme.example' })
    ).json();
    await t.call('POST', `/api/v1/customers/${customer.id}/deactivate`, d.token);
    const tech = (
      await t.call('POST', '/api/v1/technicians', d.token, {
        licenseNumber: 'WO-LEAVE',
        firstName: 'On',
        lastName: 'Leave',
      })
    ).json();
    await t.call('POST', `/api/v1/technicians/${tech.id}/start-leave`, d.token);
    const order = await open();
    const before = await counts();
    expectProblem(
      await t.call('POST', '/api/v1/work-orders', d.token, { title: 'X', customerId: customer.id }),
      422,
      'customerId',
    );
    expectProblem(
      await t.call('POST', '/api/v1/work-orders', d.token, { title: 'X' }),
      400,
      'customerId',
    );
    expectProblem(
      await post(order.id, 'assign', {
        assignedTechnicianId: tech.id,
        scheduledStart: '2030-08-01T09:00:00Z',
        scheduledEnd: '2030-08-01T10:00:00Z',
      }),
      422,
      'assignedTechnicianId',
    );
    expectProblem(
      await post(order.id, 'assign', { assignedTechnicianId: technicianId }),
      422,
      'scheduledStart',
    );
    expect(await counts()).toEqual(before);
  });

  it('lists with filters, title search, sorting and cursor pages', async () => {
    const fixture = await createTenantWithMembers(t, admin, { dispatcher: 'dispatcher' });
    const token = fixture.members.dispatcher.token;
    const cust = (
      await t.call('POST', '/api/v1/customers', token, { email: 'list@acme.example' })
    ).json().id;
    const other = (
      await t.call('POST', '/api/v1/customers', token, { email: 'list2@acme.example' })
    ).json().id;
    const tech = (
      await t.call('POST', '/api/v1/technicians', token, {
        licenseNumber: 'L-1',
        firstName: 'A',
        lastName: 'B',
      })
    ).json().id;
    const make = async (body: Record<string, unknown>) =>
      (await t.call('POST', '/api/v1/work-orders', token, { customerId: cust, ...body })).json()
        .id as string;
    const furnace = await make({
      title: 'Furnace repair',
      priority: 'urgent',
      scheduledStart: '2030-09-03T09:00:00Z',
      scheduledEnd: '2030-09-03T10:00:00Z',
    });
    const leak = await make({
      title: 'Leaking pipe',
      priority: 'low',
      scheduledStart: '2030-09-01T09:00:00Z',
      scheduledEnd: '2030-09-01T10:00:00Z',
    });
    const unscheduled = await make({ title: 'Furnace filter check', priority: 'normal' });
    const elsewhere = await make({
      title: 'Roof inspection',
      priority: 'high',
      customerId: other,
      scheduledStart: '2030-09-02T09:00:00Z',
      scheduledEnd: '2030-09-02T10:00:00Z',
    });
    await t.call('POST', `/api/v1/work-orders/${furnace}/assign`, token, {
      assignedTechnicianId: tech,
    });
    const list = async (query: string) => {
      const res = await t.call('GET', `/api/v1/work-orders?${query}`, token);
      expect([query, res.statusCode]).toEqual([query, 200]);
      return res.json().items.map((o: { id: string }) => o.id) as string[];
    };

    expect(await list('')).toEqual([furnace, leak, unscheduled, elsewhere]);
    expect(await list('status=assigned')).toEqual([furnace]);
    expect(await list('priority=low')).toEqual([leak]);
    expect(await list(`customerId=${other}`)).toEqual([elsewhere]);
    expect(await list(`technicianId=${tech}`)).toEqual([furnace]);
    expect(
      await list('scheduledFrom=2030-09-01T12:00:00Z&scheduledTo=2030-09-03T09:00:00Z'),
    ).toEqual([elsewhere]);
    expect(await list('q=furn')).toEqual([furnace, unscheduled]);
    expect(await list('q=FURNACE%20rep')).toEqual([furnace]);
    expect(await list('q=%21%21')).toEqual([]);
    expect(await list('sort=scheduledStart')).toEqual([leak, elsewhere, furnace, unscheduled]);
    expect(await list('sort=scheduledStart&order=desc')).toEqual([
      unscheduled,
      furnace,
      elsewhere,
      leak,
    ]);
    expect(await list('sort=priority&order=desc')).toEqual([furnace, elsewhere, unscheduled, leak]);
    await t.call('POST', `/api/v1/work-orders/${leak}/deactivate`, token);
    expect(await list('isActive=false')).toEqual([leak]);

    for (const sort of ['createdAt', 'scheduledStart', 'priority']) {
      for (const order of ['asc', 'desc']) {
        const all = await list(`sort=${sort}&order=${order}`);
        const paged: string[] = [];
        let cursor: string | null = null;
        do {
          const res = await t.call(
            'GET',
            `/api/v1/work-orders?sort=${sort}&order=${order}&limit=1${cursor ? `&cursor=${cursor}` : ''}`,
            token,
          );
          paged.push(...res.json().items.map((o: { id: string }) => o.id));
          cursor = res.json().nextCursor;
        } while (cursor);
        expect([sort, order, paged]).toEqual([sort, order, all]);
      }
    }
    // another tenant sees none of them
    expect(
      (await t.call('GET', '/api/v1/work-orders', d.token))
        .json()
        .items.map((o: { id: string }) => o.id),
    ).not.toContain(furnace);
  });
});
