import { createTenantWithMembers, TenantMember } from '../support/tenant-fixture';
import { createTestApp, TestApp } from '../support/test-app';
import { recordUnitsOfWork } from '../support/units-of-work';

/**
 * The attendance management routes keep to one unit of work per request: a change or a
 * cancellation (coordinator lookup, command, answering read) in one transaction, a list in
 * one read-only unit of work. Counted like test/platform/unit-of-work.
 */
describe('attendance management: one unit of work per request (e2e)', () => {
  let t: TestApp;
  let coordinator: TenantMember;
  let begins = new Map<string, string[]>();
  let seq = 0;

  beforeAll(async () => {
    t = await createTestApp();
    const admin = await t.loginAsAdmin();
    coordinator = (await createTenantWithMembers(t, admin, { coordinator: 'coordinator' })).members
      .coordinator;
    begins = recordUnitsOfWork();
  });
  afterAll(async () => {
    jest.restoreAllMocks();
    await t.close();
  });

  const counted = async (method: 'GET' | 'POST' | 'PATCH', url: string, body?: unknown) => {
    const correlation = `attendance-uow-${++seq}`;
    const res = await t.call(method, url, coordinator.token, body, {
      'x-correlation-id': correlation,
    });
    return { res, begins: begins.get(correlation) ?? [] };
  };

  it('changes and cancels a meeting, and changes a contact, in one transaction each', async () => {
    const meeting = (
      await t.call('POST', '/api/v1/meetings', coordinator.token, {
        name: 'Drill',
        address: 'Dock 4',
        lat: 51.5,
        lng: -0.12,
      })
    ).json();
    const change = await counted('PATCH', `/api/v1/meetings/${meeting.id}`, { radiusMeters: 80 });
    expect(change.res.statusCode).toBe(200);
    expect(change.begins).toEqual(['read-write']);
    const refused = await counted('PATCH', `/api/v1/meetings/${meeting.id}`, {
      startTime: '2030-01-01T10:00:00Z',
      endTime: '2030-01-01T09:00:00Z',
    });
    expect(refused.res.statusCode).toBe(422);
    // the refused command rolls back; the problem filter then records the refusal on its own
    expect(refused.begins).toEqual(['read-write', 'read-write']);
    expect(
      (await t.call('GET', `/api/v1/meetings/${meeting.id}`, coordinator.token)).json().version,
    ).toBe(change.res.json().version);
    const cancel = await counted('POST', `/api/v1/meetings/${meeting.id}/deactivation`);
    expect(cancel.res.statusCode).toBe(200);
    expect(cancel.begins).toEqual(['read-write']);

    const contact = (
      await t.call('POST', '/api/v1/contacts', coordinator.token, { email: 'uow@example.com' })
    ).json();
    const edit = await counted('PATCH', `/api/v1/contacts/${contact.id}`, { firstName: 'Uma' });
    expect(edit.res.statusCode).toBe(200);
    expect(edit.begins).toEqual(['read-write']);
  });

  it('lists meetings and contacts in one read-only unit of work each', async () => {
    for (const url of ['/api/v1/meetings?active=false', '/api/v1/contacts?q=uow']) {
      const list = await counted('GET', url);
      expect(list.res.statusCode).toBe(200);
      expect(list.res.json().items).toHaveLength(1);
      expect(list.begins).toEqual(['read-only']);
    }
  });
});
