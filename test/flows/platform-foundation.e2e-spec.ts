import { superuserClient } from '@opsledger/testing';
import { createTestApp, TestApp } from '../support/test-app';

/**
 * Issue "Platform foundation", done when: an admin creates a tenant and invites a user; the
 * user logs in, refreshes, lists and revokes a session; each step is in the audit trail with
 * actor and ip; the ledger verifies intact, and a tampered event is reported at its position.
 */
describe('platform foundation, end to end', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('runs the whole flow and the audit trail and ledger verification follow it', async () => {
    const admin = await t.loginAsAdmin();
    const tenant = await t.call('POST', '/api/v1/tenants', admin, {
      name: 'Acme Field Ops',
      slug: 'acme',
    });
    expect(tenant.statusCode).toBe(201);
    const tenantId: string = tenant.json().id;

    const user = await t.createUser(admin, { email: 'dana@acme.test' });
    const invited = await t.call('POST', `/api/v1/tenants/${tenantId}/members`, admin, {
      email: 'dana@acme.test',
      role: 'member',
    });
    expect(invited.statusCode).toBe(201);

    const first = await t.login(user.email, user.password, tenantId);
    expect(first.tenantId).toBe(tenantId);
    const refreshed = await t.call(
      'POST',
      '/api/v1/auth/refresh',
      null,
      { refreshToken: first.refreshToken },
      { 'user-agent': 'flow-test/1.0' },
    );
    expect(refreshed.statusCode).toBe(200);
    const second = await t.login(user.email, user.password, tenantId);
    const sessions = await t.call('GET', '/api/v1/me/sessions', refreshed.json().accessToken);
    expect(sessions.json().items).toHaveLength(2);
    expect(
      (
        await t.call(
          'DELETE',
          `/api/v1/me/sessions/${second.sessionId}`,
          refreshed.json().accessToken,
        )
      ).statusCode,
    ).toBe(204);

    await t.project();
    const auditorToken = admin;
    const trail = async (query: string) =>
      (await t.call('GET', `/api/v1/audit/events?${query}&limit=100`, auditorToken)).json()
        .items as Array<Record<string, any>>;

    const tenantEvents = await trail(`resourceType=tenant&resourceId=${tenantId}`);
    expect(tenantEvents.map((e) => e.eventType)).toContain('identity.tenant.created.v1');
    expect(tenantEvents[0].ip).toBeTruthy();
    expect(tenantEvents[0].actor.type).toBe('user');

    const membership = await trail('resourceType=membership');
    expect(
      membership.some(
        (e) => e.newValues?.userId === user.id || e.changes?.some?.((c: any) => c.new === user.id),
      ),
    ).toBe(true);

    const dana = await trail(`actorId=${user.id}`);
    const types = dana.map((e) => e.eventType);
    expect(types).toEqual(
      expect.arrayContaining([
        'identity.session.started.v1',
        'identity.session.refreshed.v1',
        'identity.session.revoked.v1',
        'identity.user.logged-in.v1',
      ]),
    );
    for (const e of dana) {
      expect(e.actor.id).toBe(user.id);
      expect(e.ip).toBeTruthy();
    }
    expect(dana.find((e) => e.eventType === 'identity.session.refreshed.v1')?.userAgent).toBe(
      'flow-test/1.0',
    );

    const intact = await t.call('GET', '/api/v1/audit/verify', auditorToken);
    expect(intact.json()).toMatchObject({ intact: true, firstBrokenPosition: null });

    const c = await superuserClient(t.db.url);
    const target = await c.query(
      `SELECT position FROM event_store WHERE event_type = 'identity.session.revoked.v1' AND stream_id = $1`,
      [second.sessionId],
    );
    const position = String(target.rows[0].position);
    await c.query('ALTER TABLE event_store DISABLE TRIGGER event_store_no_update');
    await c.query(
      `UPDATE event_store SET payload = jsonb_set(payload, '{reason}', '"nothing happened"') WHERE position = $1`,
      [position],
    );
    await c.query('ALTER TABLE event_store ENABLE TRIGGER event_store_no_update');
    await c.end();

    const broken = await t.call('GET', '/api/v1/audit/verify', auditorToken);
    expect(broken.json()).toMatchObject({ intact: false, firstBrokenPosition: position });
    expect(broken.json().reason).toMatch(/hash/i);
  });
});
