import { superuserClient } from '@opsledger/testing';
import { createTenantWithMembers, TenantMember } from '../support/tenant-fixture';
import { createTestApp, TestApp } from '../support/test-app';

type Res = { statusCode: number; headers: Record<string, unknown>; json(): any };
const UNKNOWN = '0b7c3c5e-4f1a-4c55-9d1e-5a7a4d6f0c11';

/** Every work-order endpoint answers bad input with a 4xx problem naming the field, writing nothing. */
describe('work orders: bad input (e2e)', () => {
  let t: TestApp;
  let d: TenantMember;
  let customerId: string;
  let technicianId: string;
  let pending: string;
  let inProgress: string;

  const expectProblem = (res: Res, status: number, field?: string) => {
    expect(res.statusCode).toBe(status);
    expect(String(res.headers['content-type'])).toContain('application/problem+json');
    expect(res.json().status).toBe(status);
    if (field) expect(res.json().errors.map((e: { field: string }) => e.field)).toContain(field);
  };
  const counts = async () => {
    const c = await superuserClient(t.db.url);
    const r = await c.query(`SELECT (SELECT count(*)::int FROM work_orders) AS orders,
      (SELECT coalesce(sum(version), 0)::int FROM work_orders) AS versions,
      (SELECT count(*)::int FROM event_store WHERE stream_type = 'work-order') AS events`);
    await c.end();
    return r.rows[0] as { orders: number; versions: number; events: number };
  };
  const expectRefused = async (
    method: 'POST' | 'PATCH' | 'GET' | 'DELETE',
    url: string,
    payload: unknown,
    status: number,
    field?: string,
  ) => {
    const before = await counts();
    expectProblem(
      await t.call(
        method,
        url,
        d.token,
        typeof payload === 'function' ? (payload as () => unknown)() : payload,
      ),
      status,
      field,
    );
    expect(await counts()).toEqual(before);
  };

  beforeAll(async () => {
    t = await createTestApp();
    const admin = await t.loginAsAdmin();
    d = (await createTenantWithMembers(t, admin, { dispatcher: 'dispatcher' })).members.dispatcher;
    customerId = (
      await t.call('POST', '/api/v1/customers', d.token, { email: 'bad@acme.example' })
    ).json().id;
    technicianId = (
      await t.call('POST', '/api/v1/technicians', d.token, {
        licenseNumber: 'BAD-1',
        firstName: 'A',
        lastName: 'B',
      })
    ).json().id;
    pending = (
      await t.call('POST', '/api/v1/work-orders', d.token, { title: 'Pending', customerId })
    ).json().id;
    inProgress = (
      await t.call('POST', '/api/v1/work-orders', d.token, { title: 'Busy', customerId })
    ).json().id;
    await t.call('POST', `/api/v1/work-orders/${inProgress}/assign`, d.token, {
      assignedTechnicianId: technicianId,
      scheduledStart: '2030-01-01T09:00:00Z',
      scheduledEnd: '2030-01-01T10:00:00Z',
    });
    expect(
      (await t.call('POST', `/api/v1/work-orders/${inProgress}/start`, d.token)).statusCode,
    ).toBe(200);
  });
  afterAll(() => t.close());

  const valid = () => ({ title: 'Leak', customerId });
  /** Rows are built before beforeAll runs, so payloads that name ids are thunks (see expectRefused). */
  it.each([
    ['malformed JSON', '{"title": "Leak", ', 400, undefined],
    ['unknown field', () => ({ ...valid(), status: 'completed' }), 400, 'status'],
    ['another unknown field', () => ({ ...valid(), tenantId: UNKNOWN }), 400, 'tenantId'],
    ['wrong type', () => ({ ...valid(), title: 42 }), 400, 'title'],
    ['missing title', () => ({ customerId }), 400, 'title'],
    ['over-long title', () => ({ ...valid(), title: 'x'.repeat(256) }), 400, 'title'],
    ['blank title', () => ({ ...valid(), title: '   ' }), 400, 'title'],
    [
      'over-long description',
      () => ({ ...valid(), description: 'x'.repeat(10_001) }),
      400,
      'description',
    ],
    ['invalid UUID', () => ({ ...valid(), customerId: 'customer-1' }), 400, 'customerId'],
    ['unknown priority', () => ({ ...valid(), priority: 'asap' }), 400, 'priority'],
    [
      'date without offset',
      () => ({
        ...valid(),
        scheduledStart: '2030-01-01T09:00:00',
        scheduledEnd: '2030-01-01T10:00:00Z',
      }),
      400,
      'scheduledStart',
    ],
    [
      'date as a number',
      () => ({ ...valid(), scheduledStart: 1893488400000, scheduledEnd: '2030-01-01T10:00:00Z' }),
      400,
      'scheduledStart',
    ],
    [
      'impossible date',
      () => ({
        ...valid(),
        scheduledStart: '2030-02-30T09:00:00Z',
        scheduledEnd: '2030-03-01T10:00:00Z',
      }),
      400,
      'scheduledStart',
    ],
    [
      'end before start',
      () => ({
        ...valid(),
        scheduledStart: '2030-01-01T10:00:00Z',
        scheduledEnd: '2030-01-01T09:00:00Z',
      }),
      422,
      'scheduledEnd',
    ],
    [
      'end equal to start',
      () => ({
        ...valid(),
        scheduledStart: '2030-01-01T10:00:00Z',
        scheduledEnd: '2030-01-01T10:00:00Z',
      }),
      422,
      'scheduledEnd',
    ],
    [
      'start without end',
      () => ({ ...valid(), scheduledStart: '2030-01-01T10:00:00Z' }),
      422,
      'scheduledEnd',
    ],
    ['unknown customer', () => ({ ...valid(), customerId: UNKNOWN }), 422, 'customerId'],
  ])('POST /work-orders with %s', async (_name, payload, status, field) => {
    await expectRefused('POST', '/api/v1/work-orders', payload, status, field);
  });

  it.each([
    ['unknown field', () => ({ customerId }), 400, 'customerId'],
    ['wrong type', { priority: 3 }, 400, 'priority'],
    ['null title', { title: null }, 400, 'title'],
    ['over-long title', { title: 'x'.repeat(256) }, 400, 'title'],
    ['status smuggled in', { status: 'completed' }, 400, 'status'],
  ])('PATCH /work-orders/{id} with %s', async (_name, payload, status, field) => {
    await expectRefused('PATCH', `/api/v1/work-orders/${pending}`, payload, status, field);
  });

  it.each([
    ['missing technician', {}, 400, 'assignedTechnicianId'],
    ['invalid technician UUID', { assignedTechnicianId: 'tech' }, 400, 'assignedTechnicianId'],
    [
      'unknown technician',
      {
        assignedTechnicianId: UNKNOWN,
        scheduledStart: '2030-02-01T09:00:00Z',
        scheduledEnd: '2030-02-01T10:00:00Z',
      },
      422,
      'assignedTechnicianId',
    ],
    [
      'unknown field',
      () => ({ assignedTechnicianId: technicianId, status: 'assigned' }),
      400,
      'status',
    ],
    [
      'end before start',
      () => ({
        assignedTechnicianId: technicianId,
        scheduledStart: '2030-02-01T10:00:00Z',
        scheduledEnd: '2030-02-01T09:00:00Z',
      }),
      422,
      'scheduledEnd',
    ],
    ['no schedule anywhere', () => ({ assignedTechnicianId: technicianId }), 422, 'scheduledStart'],
    ['malformed JSON', '{"assignedTechnicianId": ', 400, undefined],
  ])('POST /work-orders/{id}/assign with %s', async (_name, payload, status, field) => {
    await expectRefused('POST', `/api/v1/work-orders/${pending}/assign`, payload, status, field);
  });

  it.each([
    ['missing end', { scheduledStart: '2030-02-01T10:00:00Z' }, 400, 'scheduledEnd'],
    [
      'end before start',
      { scheduledStart: '2030-02-01T10:00:00Z', scheduledEnd: '2030-02-01T09:59:59Z' },
      422,
      'scheduledEnd',
    ],
    [
      'wrong type',
      { scheduledStart: true, scheduledEnd: '2030-02-01T10:00:00Z' },
      400,
      'scheduledStart',
    ],
    [
      'unknown field',
      { scheduledStart: '2030-02-01T09:00:00Z', scheduledEnd: '2030-02-01T10:00:00Z', note: 'x' },
      400,
      'note',
    ],
  ])('POST /work-orders/{id}/reschedule with %s', async (_name, payload, status, field) => {
    await expectRefused(
      'POST',
      `/api/v1/work-orders/${pending}/reschedule`,
      payload,
      status,
      field,
    );
  });

  it.each([
    ['missing hours', {}, 'laborHours'],
    ['hours as a number', { laborHours: 2.5 }, 'laborHours'],
    ['three decimals', { laborHours: '2.505' }, 'laborHours'],
    ['negative hours', { laborHours: '-1' }, 'laborHours'],
    ['too many hours', { laborHours: '10000' }, 'laborHours'],
    ['hours in words', { laborHours: 'two' }, 'laborHours'],
    ['unknown field', { laborHours: '2.00', completedAt: '2030-01-01T10:00:00Z' }, 'completedAt'],
  ])('POST /work-orders/{id}/complete with %s is a 400', async (_name, payload, field) => {
    await expectRefused('POST', `/api/v1/work-orders/${inProgress}/complete`, payload, 400, field);
  });

  it('path parameters and If-Match', async () => {
    for (const action of [
      'start',
      'pause',
      'resume',
      'cancel',
      'unassign',
      'deactivate',
      'reactivate',
    ]) {
      await expectRefused('POST', `/api/v1/work-orders/not-a-uuid/${action}`, undefined, 400, 'id');
    }
    await expectRefused('GET', '/api/v1/work-orders/not-a-uuid', undefined, 400, 'id');
    await expectRefused('PATCH', '/api/v1/work-orders/not-a-uuid', { title: 'X' }, 400, 'id');
    await expectRefused('DELETE', '/api/v1/work-orders/not-a-uuid', undefined, 400, 'id');
    await expectRefused('GET', `/api/v1/work-orders/${UNKNOWN}`, undefined, 404);
    await expectRefused('POST', `/api/v1/work-orders/${UNKNOWN}/cancel`, undefined, 404);
    const before = await counts();
    expectProblem(
      await t.call(
        'PATCH',
        `/api/v1/work-orders/${pending}`,
        d.token,
        { title: 'X' },
        { 'if-match': 'v1' },
      ),
      400,
      'If-Match',
    );
    expectProblem(
      await t.call('POST', `/api/v1/work-orders/${pending}/cancel`, d.token, undefined, {
        'if-match': '*',
      }),
      400,
      'If-Match',
    );
    expect(await counts()).toEqual(before);
  });

  it('list queries', async () => {
    for (const [query, field] of [
      ['status=done', 'status'],
      ['priority=asap', 'priority'],
      ['customerId=abc', 'customerId'],
      ['technicianId=abc', 'technicianId'],
      ['scheduledFrom=yesterday', 'scheduledFrom'],
      ['scheduledTo=2030-13-01T00:00:00Z', 'scheduledTo'],
      ['sort=title', 'sort'],
      ['order=sideways', 'order'],
      ['isActive=1', 'isActive'],
      ['limit=0', 'limit'],
      ['limit=abc', 'limit'],
      ['cursor=%21', 'cursor'],
      ['cursor=WyJ4Il0', 'cursor'],
      [`q=${'x'.repeat(101)}`, 'q'],
      ['extra=1', 'extra'],
    ]) {
      expectProblem(await t.call('GET', `/api/v1/work-orders?${query}`, d.token), 400, field);
    }
    const page = (await t.call('GET', '/api/v1/work-orders?limit=1&sort=priority', d.token)).json();
    expectProblem(
      await t.call(
        'GET',
        `/api/v1/work-orders?limit=1&sort=createdAt&cursor=${page.nextCursor}`,
        d.token,
      ),
      400,
      'cursor',
    );
  });
});
