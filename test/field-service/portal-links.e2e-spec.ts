import { superuserClient } from '@opsledger/testing';
import { createTenantWithMembers, TenantMember } from '../support/tenant-fixture';
import { createTestApp, TestApp } from '../support/test-app';

/** A portal link ends with the membership behind it, by the system, in the ledger. */
describe('portal links and tenant membership (e2e)', () => {
  let t: TestApp;
  let admin: string;
  let tenantId: string;
  let dispatcher: TenantMember;
  let m: Record<'customer' | 'tech' | 'returning', { id: string }>;

  const ok = async (
    res: Promise<{ statusCode: number; body: string; json(): any }>,
    status = 200,
  ) => {
    const r = await res;
    if (r.statusCode !== status)
      throw new Error(`expected ${status}, got ${r.statusCode}: ${r.body}`);
    return r.statusCode === 204 ? undefined : r.json();
  };
  const create = async (url: string, body: unknown) =>
    ((await ok(t.call('POST', url, dispatcher.token, body), 201)) as { id: string }).id;
  const link = (kind: string, id: string, userId: string) =>
    ok(t.call('POST', `/api/v1/${kind}/${id}/portal-user`, dispatcher.token, { userId }));
  const addMember = (userId: string) =>
    ok(
      t.call('POST', `/api/v1/tenants/${tenantId}/members`, admin, { userId, role: 'member' }),
      201,
    );
  const removeMember = (userId: string) =>
    ok(t.call('DELETE', `/api/v1/tenants/${tenantId}/members/${userId}`, admin), 204);
  const portalUser = async (kind: string, id: string) =>
    (
      (await ok(t.call('GET', `/api/v1/${kind}/${id}`, dispatcher.token))) as {
        userId: string | null;
      }
    ).userId;
  const unlinkEvents = async (streamId: string) => {
    const c = await superuserClient(t.db.url);
    try {
      const r = await c.query(
        `SELECT event_type, tenant_id, metadata->>'actorType' AS actor_type FROM event_store
          WHERE stream_id = $1 AND event_type LIKE '%portal-user-unlinked%'`,
        [streamId],
      );
      return r.rows as Array<{ event_type: string; tenant_id: string; actor_type: string }>;
    } finally {
      await c.end();
    }
  };

  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.loginAsAdmin();
    const tenant = await createTenantWithMembers(t, admin, { dispatcher: 'dispatcher' });
    tenantId = tenant.tenantId;
    dispatcher = tenant.members.dispatcher;
    // memberships through identity's API, so they have their ledger streams to end
    const member = async () => {
      const user = await t.createUser(admin);
      await addMember(user.id);
      return user;
    };
    m = { customer: await member(), tech: await member(), returning: await member() };
  });
  afterAll(() => t.close());

  it('removing a member unlinks the customer or technician profile they log in as, as the system', async () => {
    const customer = await create('/api/v1/customers', { email: 'leaver@portal.example' });
    const technician = await create('/api/v1/technicians', {
      licenseNumber: 'LEAVE-1',
      firstName: 'Lee',
      lastName: 'Ver',
    });
    await link('customers', customer, m.customer.id);
    await link('technicians', technician, m.tech.id);

    await removeMember(m.customer.id);
    await removeMember(m.tech.id);
    await t.project();

    expect(await portalUser('customers', customer)).toBeNull();
    expect(await portalUser('technicians', technician)).toBeNull();
    expect(await unlinkEvents(customer)).toEqual([
      {
        event_type: 'field-service.customer.portal-user-unlinked.v1',
        tenant_id: tenantId,
        actor_type: 'system',
      },
    ]);
    expect(await unlinkEvents(technician)).toHaveLength(1);
    // handled once: another pass changes nothing
    await t.project();
    expect(await unlinkEvents(customer)).toHaveLength(1);
  });

  it('keeps the link of someone who is a member again by the time the removal is handled', async () => {
    const customer = await create('/api/v1/customers', { email: 'back@portal.example' });
    await link('customers', customer, m.returning.id);
    await removeMember(m.returning.id);
    await addMember(m.returning.id);
    await t.project();
    expect(await portalUser('customers', customer)).toBe(m.returning.id);
    expect(await unlinkEvents(customer)).toEqual([]);
  });
});
