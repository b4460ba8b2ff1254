import { createTenantWithMembers, TenantMember } from '../support/tenant-fixture';
import { createTestApp, TestApp } from '../support/test-app';
import { recordUnitsOfWork } from '../support/units-of-work';

/**
 * One unit of work per request: a write route runs its command, the access checks on the
 * way (viewer lookups) and the read that answers it in exactly one transaction; a read route
 * in one read-only unit of work (whose statements each carry the scope, see ScopePipeline).
 * Counted where units of work open (test/support/units-of-work), by the request's correlation id.
 */
describe('one unit of work per request (e2e)', () => {
  let t: TestApp;
  let d: TenantMember;
  let customerId: string;
  let technicianId: string;
  let begins = new Map<string, string[]>();
  let seq = 0;

  beforeAll(async () => {
    t = await createTestApp();
    const admin = await t.loginAsAdmin();
    d = (await createTenantWithMembers(t, admin, { dispatcher: 'dispatcher' })).members.dispatcher;
    begins = recordUnitsOfWork();
  });
  afterAll(async () => {
    jest.restoreAllMocks();
    await t.close();
  });

  /** Sends one request under its own correlation id; answers it with the BEGINs it caused. */
  const counted = async (method: 'GET' | 'POST' | 'PATCH', url: string, body?: unknown) => {
    const correlation = `uow-test-${++seq}`;
    const res = await t.call(method, url, d.token, body, { 'x-correlation-id': correlation });
    return { res, begins: begins.get(correlation) ?? [] };
  };

  it('creates a customer (command and answering read) in one transaction', async () => {
    const { res, begins } = await counted('POST', '/api/v1/customers', {
      email: 'uow@acme.example',
    });
    expect(res.statusCode).toBe(201);
    expect(res.headers.etag).toBe('"v1"');
    customerId = res.json().id;
    expect(begins).toEqual(['read-write']);
  });

  it('answers a read in one read-only unit of work', async () => {
    const { res, begins } = await counted('GET', `/api/v1/customers/${customerId}`);
    expect(res.statusCode).toBe(200);
    expect(begins).toEqual(['read-only']);
  });

  it('changes and transitions a customer in one transaction each', async () => {
    const update = await counted('PATCH', `/api/v1/customers/${customerId}`, {
      companyName: 'Acme',
    });
    expect(update.res.statusCode).toBe(200);
    expect(update.begins).toEqual(['read-write']);
    const suspend = await counted('POST', `/api/v1/customers/${customerId}/suspend`);
    expect(suspend.res.statusCode).toBe(200);
    expect(suspend.res.json().status).toBe('suspended');
    expect(suspend.begins).toEqual(['read-write']);
    await counted('POST', `/api/v1/customers/${customerId}/reinstate`);
  });

  it('opens and assigns a work order (viewer lookups, overlap check, answer) in one transaction each', async () => {
    technicianId = (
      await t.call('POST', '/api/v1/technicians', d.token, {
        licenseNumber: 'UOW-1',
        firstName: 'Sam',
        lastName: 'Lee',
        hourlyRate: '80.00',
      })
    ).json().id;
    const open = await counted('POST', '/api/v1/work-orders', { title: 'Boiler', customerId });
    expect(open.res.statusCode).toBe(201);
    expect(open.begins).toEqual(['read-write']);
    const assign = await counted('POST', `/api/v1/work-orders/${open.res.json().id}/assign`, {
      assignedTechnicianId: technicianId,
      scheduledStart: '2031-02-03T09:00:00Z',
      scheduledEnd: '2031-02-03T11:00:00Z',
    });
    expect(assign.res.statusCode).toBe(200);
    expect(assign.res.json().assignedTechnicianId).toBe(technicianId);
    expect(assign.begins).toEqual(['read-write']);
  });

  it('rolls the whole request back when the command is refused: nothing half-written', async () => {
    const { res, begins } = await counted('POST', '/api/v1/customers', {
      email: 'uow@acme.example',
    });
    expect(res.statusCode).toBe(409);
    // the refusal itself is recorded in the ledger by the problem filter, after the rollback
    expect(begins[0]).toBe('read-write');
  });
});
