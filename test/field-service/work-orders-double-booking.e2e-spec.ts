import { superuserClient } from '@opsledger/testing';
import { createTenantWithMembers, TenantMember } from '../support/tenant-fixture';
import { createTestApp, TestApp } from '../support/test-app';

const PARALLEL = 8;

/**
 * A technician is never double-booked: concurrent assignments over real HTTP connections race
 * to PostgreSQL, and its exclusion constraint lets exactly one of them through.
 */
describe('double-booking under concurrent assignment (e2e)', () => {
  let t: TestApp;
  let base: string;
  let d: TenantMember;
  let customerId: string;
  let seq = 0;

  const http = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${d.token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return {
      status: res.status,
      contentType: res.headers.get('content-type') ?? '',
      body: (await res.json()) as any,
    };
  };
  const technician = async () => {
    const res = await http('POST', '/api/v1/technicians', {
      licenseNumber: `DB-${++seq}`,
      firstName: 'Busy',
      lastName: `Bee${seq}`,
    });
    expect(res.status).toBe(201);
    return res.body.id as string;
  };
  const pendingOrders = async (n: number) => {
    const ids: string[] = [];
    for (let i = 0; i < n; i++) {
      const res = await http('POST', '/api/v1/work-orders', {
        title: `Race ${seq}-${i}`,
        customerId,
      });
      expect(res.status).toBe(201);
      ids.push(res.body.id);
    }
    return ids;
  };
  const bookings = async (technicianId: string) => {
    const c = await superuserClient(t.db.url);
    const rows = await c.query(
      `SELECT id FROM work_orders WHERE assigned_technician_id = $1 AND status = 'assigned'`,
      [technicianId],
    );
    const events = await c.query(
      `SELECT count(*)::int AS n FROM event_store WHERE event_type = 'field-service.work-order.technician-assigned.v1' AND payload->>'assignedTechnicianId' = $1`,
      [technicianId],
    );
    await c.end();
    return { orders: rows.rows.map((r) => r.id as string), events: events.rows[0].n as number };
  };

  beforeAll(async () => {
    t = await createTestApp();
    await t.app.listen(0, '127.0.0.1');
    const address = t.app.getHttpServer().address() as { port: number };
    base = `http://127.0.0.1:${address.port}`;
    const admin = await t.loginAsAdmin();
    d = (await createTenantWithMembers(t, admin, { dispatcher: 'dispatcher' })).members.dispatcher;
    customerId = (await http('POST', '/api/v1/customers', { email: 'race@acme.example' })).body.id;
  });
  afterAll(() => t.close());

  it.each([1, 2, 3])(
    `exactly one of ${PARALLEL} parallel overlapping assignments wins (round %d)`,
    async (round) => {
      const tech = await technician();
      const orders = await pendingOrders(PARALLEL);
      // staggered windows that all overlap each other: 09:00+5i min, two hours long
      const results = await Promise.all(
        orders.map((id, i) =>
          http('POST', `/api/v1/work-orders/${id}/assign`, {
            assignedTechnicianId: tech,
            scheduledStart: new Date(Date.UTC(2031, 0, round, 9, 5 * i)).toISOString(),
            scheduledEnd: new Date(Date.UTC(2031, 0, round, 11, 5 * i)).toISOString(),
          }),
        ),
      );
      const won = results.filter((r) => r.status === 200);
      const lost = results.filter((r) => r.status !== 200);
      expect(won).toHaveLength(1);
      expect(lost).toHaveLength(PARALLEL - 1);
      for (const refusal of lost) {
        expect(refusal.status).toBe(409);
        expect(refusal.contentType).toContain('application/problem+json');
        expect(refusal.body).toMatchObject({
          code: 'WORK_ORDER.TECHNICIAN_DOUBLE_BOOKED',
          errors: [{ field: 'assignedTechnicianId' }],
        });
      }
      const stored = await bookings(tech);
      expect(stored).toEqual({ orders: [won[0].body.id], events: 1 });
      // the losers are untouched and still pending
      for (const id of orders.filter((o) => o !== won[0].body.id)) {
        expect((await http('GET', `/api/v1/work-orders/${id}`)).body).toMatchObject({
          status: 'pending',
          assignedTechnicianId: null,
          version: 1,
        });
      }
    },
  );

  it(`one order assigned by ${PARALLEL} dispatchers at once ends assigned exactly once`, async () => {
    const techs: string[] = [];
    for (let i = 0; i < PARALLEL; i++) techs.push(await technician());
    const [order] = await pendingOrders(1);
    const results = await Promise.all(
      techs.map((tech) =>
        http('POST', `/api/v1/work-orders/${order}/assign`, {
          assignedTechnicianId: tech,
          scheduledStart: '2031-02-01T09:00:00Z',
          scheduledEnd: '2031-02-01T10:00:00Z',
        }),
      ),
    );
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    // the row lock serialises them: every later one finds the order assigned already
    for (const refusal of results.filter((r) => r.status !== 200)) {
      expect(refusal.status).toBe(409);
      expect(refusal.body).toMatchObject({
        code: 'WORK_ORDER.INVALID_TRANSITION',
        allowedTransitions: ['start', 'unassign', 'reschedule', 'cancel'],
      });
    }
    const view = (await http('GET', `/api/v1/work-orders/${order}`)).body;
    expect(view).toMatchObject({ status: 'assigned', version: 2 });
  });

  it('back-to-back windows (half-open ranges) assigned in parallel all succeed', async () => {
    const tech = await technician();
    const orders = await pendingOrders(4);
    const results = await Promise.all(
      orders.map((id, i) =>
        http('POST', `/api/v1/work-orders/${id}/assign`, {
          assignedTechnicianId: tech,
          scheduledStart: new Date(Date.UTC(2031, 2, 1, 9 + i)).toISOString(),
          scheduledEnd: new Date(Date.UTC(2031, 2, 1, 10 + i)).toISOString(),
        }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200]);
    expect((await bookings(tech)).orders).toHaveLength(4);
  });
});
