import { superuserClient } from '@opsledger/testing';
import { createTestApp, TestApp } from '../support/test-app';

type Res = { statusCode: number; headers: Record<string, unknown>; json(): any };
const UNKNOWN = '0b7c3c5e-4f1a-4c55-9d1e-5a7a4d6f0c11';

describe('tenant memberships (e2e)', () => {
  let t: TestApp;
  let admin: string;
  let seq = 0;

  const expectProblem = (res: Res, status: number, field?: string) => {
    expect(res.statusCode).toBe(status);
    expect(String(res.headers['content-type'])).toContain('application/problem+json');
    expect(res.json().status).toBe(status);
    if (field) expect(res.json().errors.map((e: { field: string }) => e.field)).toContain(field);
  };
  const counts = async () => {
    const c = await superuserClient(t.db.url);
    const r = await c.query(`SELECT (SELECT count(*)::int FROM user_tenants) AS memberships,
      (SELECT count(*)::int FROM user_tenants WHERE is_default) AS defaults,
      (SELECT count(*)::int FROM event_store WHERE stream_type = 'membership') AS events`);
    await c.end();
    return r.rows[0] as { memberships: number; defaults: number; events: number };
  };
  const sql = async (text: string, params: unknown[]) => {
    const c = await superuserClient(t.db.url);
    const r = await c.query(text, params);
    await c.end();
    return r.rows;
  };
  const createTenant = async () => {
    const res = await t.call('POST', '/api/v1/tenants', admin, {
      name: 'Tenant',
      slug: `members-${++seq}`,
    });
    expect(res.statusCode).toBe(201);
    return res.json().id as string;
  };
  const add = (token: string | null, tenantId: string, body: Record<string, unknown> | string) =>
    t.call('POST', `/api/v1/tenants/${tenantId}/members`, token, body);
  const memberOf = async (tenantId: string, role: string) => {
    const user = await t.createUser(admin);
    expect((await add(admin, tenantId, { userId: user.id, role })).statusCode).toBe(201);
    return { ...user, token: (await t.login(user.email, user.password, tenantId)).accessToken };
  };
  const future = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();

  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.loginAsAdmin();
  });
  afterAll(() => t.close());

  describe('POST /tenants/{id}/members', () => {
    it('adds by userId or by email (any case), with an optional expiry, and records the event', async () => {
      const tenantId = await createTenant();
      const a = await t.createUser(admin);
      const b = await t.createUser(admin);
      const byId = await add(admin, tenantId, { userId: a.id, role: 'viewer' });
      expect(byId.statusCode).toBe(201);
      expect(byId.headers.location).toBe(`/api/v1/tenants/${tenantId}/members/${a.id}`);
      expect(byId.headers.etag).toBe('"v1"');
      const expiresAt = future(7);
      const byEmail = await add(admin, tenantId, {
        email: b.email.toUpperCase(),
        role: 'dispatcher',
        expiresAt,
      });
      expect(byEmail.statusCode).toBe(201);
      expect(byEmail.json()).toMatchObject({
        userId: b.id,
        email: b.email,
        role: 'dispatcher',
        isDefault: false,
      });
      expect(new Date(byEmail.json().expiresAt).toISOString()).toBe(expiresAt);
      const events = await sql(
        `SELECT event_type, tenant_id, payload->>'role' AS role FROM event_store WHERE stream_type = 'membership' AND stream_id = $1`,
        [byEmail.json().id],
      );
      expect(events).toEqual([
        { event_type: 'identity.membership.added.v1', tenant_id: tenantId, role: 'dispatcher' },
      ]);
    });

    it('an unknown email is a 404 naming email; an unknown userId a 404 naming userId; nothing is written', async () => {
      const tenantId = await createTenant();
      const before = await counts();
      expectProblem(
        await add(admin, tenantId, { email: 'nobody@nowhere.test', role: 'member' }),
        404,
        'email',
      );
      expectProblem(await add(admin, tenantId, { userId: UNKNOWN, role: 'member' }), 404, 'userId');
      expectProblem(
        await add(admin, UNKNOWN, { userId: (await t.createUser(admin)).id, role: 'member' }),
        404,
      );
      expect(await counts()).toEqual(before);
    });

    it('an existing member is a 409 naming userId; a past expiry a 422 naming expiresAt; nothing is written', async () => {
      const tenantId = await createTenant();
      const member = await memberOf(tenantId, 'member');
      const other = await t.createUser(admin);
      const before = await counts();
      expectProblem(
        await add(admin, tenantId, { email: member.email, role: 'admin' }),
        409,
        'userId',
      );
      expectProblem(
        await add(admin, tenantId, {
          userId: other.id,
          role: 'member',
          expiresAt: '2020-01-01T00:00:00Z',
        }),
        422,
        'expiresAt',
      );
      expect(await counts()).toEqual(before);
    });

    it.each([
      ['malformed JSON', '{"userId": ', undefined],
      ['unknown field', { userId: UNKNOWN, role: 'member', admin: true }, 'admin'],
      ['neither userId nor email', { role: 'member' }, 'userId'],
      ['both userId and email', { userId: UNKNOWN, email: 'a@b.co', role: 'member' }, 'email'],
      ['wrong type', { userId: 12, role: 'member' }, 'userId'],
      ['invalid email', { email: 'not-an-email', role: 'member' }, 'email'],
      ['over-long email', { email: `${'a'.repeat(250)}@b.co`, role: 'member' }, 'email'],
      ['unknown role', { userId: UNKNOWN, role: 'god' }, 'role'],
      ['missing role', { userId: UNKNOWN }, 'role'],
      [
        'invalid expiresAt',
        { userId: UNKNOWN, role: 'member', expiresAt: 'tomorrow' },
        'expiresAt',
      ],
    ])('%s is a 400 and writes nothing', async (_name, payload, field) => {
      const tenantId = await createTenant();
      const before = await counts();
      expectProblem(await add(admin, tenantId, payload), 400, field);
      expect(await counts()).toEqual(before);
    });

    it('owners and admins of the tenant add members; members get a 403, strangers a 404, no token a 401', async () => {
      const tenantId = await createTenant();
      const other = await createTenant();
      const owner = await memberOf(tenantId, 'owner');
      const tenantAdmin = await memberOf(tenantId, 'admin');
      const dispatcher = await memberOf(tenantId, 'dispatcher');
      const stranger = await memberOf(other, 'owner');
      expect(
        (
          await add(owner.token, tenantId, {
            userId: (await t.createUser(admin)).id,
            role: 'owner',
          })
        ).statusCode,
      ).toBe(201);
      expect(
        (
          await add(tenantAdmin.token, tenantId, {
            email: (await t.createUser(admin)).email,
            role: 'member',
          })
        ).statusCode,
      ).toBe(201);
      const target = await t.createUser(admin);
      const before = await counts();
      expectProblem(
        await add(dispatcher.token, tenantId, { userId: target.id, role: 'member' }),
        403,
      );
      expectProblem(
        await add(stranger.token, tenantId, { userId: target.id, role: 'member' }),
        404,
      );
      expectProblem(await add(null, tenantId, { userId: target.id, role: 'member' }), 401);
      // A tenant admin cannot hand out ownership.
      expectProblem(
        await add(tenantAdmin.token, tenantId, { userId: target.id, role: 'owner' }),
        403,
      );
      expectProblem(
        await add(admin, 'not-a-uuid', { userId: target.id, role: 'member' }),
        400,
        'id',
      );
      expect(await counts()).toEqual(before);
    });
  });

  describe('GET /tenants/{id}/members', () => {
    it('pages through the members; managers only', async () => {
      const tenantId = await createTenant();
      const owner = await memberOf(tenantId, 'owner');
      const viewer = await memberOf(tenantId, 'viewer');
      await memberOf(tenantId, 'member');
      const first = await t.call('GET', `/api/v1/tenants/${tenantId}/members?limit=2`, owner.token);
      expect(first.statusCode).toBe(200);
      expect(first.json().items).toHaveLength(2);
      const second = await t.call(
        'GET',
        `/api/v1/tenants/${tenantId}/members?limit=2&cursor=${first.json().nextCursor}`,
        owner.token,
      );
      expect(second.json()).toEqual({
        items: [expect.objectContaining({ role: 'member' })],
        nextCursor: null,
      });
      expect(
        [...first.json().items, ...second.json().items].map((m: { role: string }) => m.role),
      ).toEqual(['owner', 'viewer', 'member']);
      expectProblem(await t.call('GET', `/api/v1/tenants/${tenantId}/members`, viewer.token), 403);
      expectProblem(
        await t.call('GET', `/api/v1/tenants/${tenantId}/members?limit=0`, owner.token),
        400,
        'limit',
      );
      expectProblem(
        await t.call('GET', `/api/v1/tenants/${tenantId}/members/nope`, owner.token),
        400,
        'userId',
      );
      expectProblem(
        await t.call('GET', `/api/v1/tenants/${tenantId}/members/${UNKNOWN}`, owner.token),
        404,
      );
      expectProblem(await t.call('GET', `/api/v1/tenants/${tenantId}/members`, null), 401);
    });
  });

  describe('PATCH and DELETE /tenants/{id}/members/{userId}', () => {
    it('changes role and expiry with If-Match; a stale ETag is a 412', async () => {
      const tenantId = await createTenant();
      const member = await memberOf(tenantId, 'member');
      const url = `/api/v1/tenants/${tenantId}/members/${member.id}`;
      const got = await t.call('GET', url, admin);
      expect(got.headers.etag).toBe('"v1"');
      const expiresAt = future(30);
      const res = await t.call(
        'PATCH',
        url,
        admin,
        { role: 'dispatcher', expiresAt },
        { 'if-match': '"v1"' },
      );
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ role: 'dispatcher', version: 3 });
      expect(res.headers.etag).toBe('"v3"');
      const before = await counts();
      expectProblem(
        await t.call('PATCH', url, admin, { role: 'viewer' }, { 'if-match': '"v1"' }),
        412,
      );
      expect(await counts()).toEqual(before);
      const cleared = await t.call('PATCH', url, admin, { expiresAt: null });
      expect(cleared.json().expiresAt).toBeNull();
      const previous = await sql(
        `SELECT metadata->'previous' AS previous FROM event_store WHERE stream_type = 'membership' AND event_type = $1 AND stream_id = $2`,
        ['identity.membership.role-changed.v1', res.json().id],
      );
      expect(previous).toEqual([{ previous: { role: 'member' } }]);
    });

    it('never demotes or removes the last owner (409); a second owner makes it possible', async () => {
      const tenantId = await createTenant();
      const owner = await memberOf(tenantId, 'owner');
      const url = `/api/v1/tenants/${tenantId}/members/${owner.id}`;
      const before = await counts();
      expectProblem(await t.call('PATCH', url, owner.token, { role: 'admin' }), 409);
      expectProblem(await t.call('DELETE', url, admin), 409);
      expectProblem(await t.call('PATCH', url, admin, { expiresAt: future(1) }), 409);
      expect(await counts()).toEqual(before);
      const second = await memberOf(tenantId, 'owner');
      expect((await t.call('PATCH', url, owner.token, { role: 'admin' })).statusCode).toBe(200);
      expectProblem(
        await t.call('DELETE', `/api/v1/tenants/${tenantId}/members/${second.id}`, admin),
        409,
      );
    });

    it('two owners demoting each other at once: exactly one wins, the tenant keeps an owner', async () => {
      const tenantId = await createTenant();
      const x = await memberOf(tenantId, 'owner');
      const y = await memberOf(tenantId, 'owner');
      const results = await Promise.all([
        t.call('PATCH', `/api/v1/tenants/${tenantId}/members/${y.id}`, x.token, { role: 'member' }),
        t.call('PATCH', `/api/v1/tenants/${tenantId}/members/${x.id}`, y.token, { role: 'member' }),
      ]);
      expect(results.map((r) => r.statusCode).sort()).toEqual([200, 409]);
      const owners = await sql(
        `SELECT user_id FROM user_tenants WHERE tenant_id = $1 AND role = 'owner'`,
        [tenantId],
      );
      expect(owners).toHaveLength(1);
    });

    it('tenant admins manage non-owners but not owners (403); members cannot manage (403)', async () => {
      const tenantId = await createTenant();
      const owner = await memberOf(tenantId, 'owner');
      await memberOf(tenantId, 'owner');
      const tenantAdmin = await memberOf(tenantId, 'admin');
      const member = await memberOf(tenantId, 'member');
      const before = await counts();
      expectProblem(
        await t.call(
          'PATCH',
          `/api/v1/tenants/${tenantId}/members/${owner.id}`,
          tenantAdmin.token,
          { role: 'member' },
        ),
        403,
      );
      expectProblem(
        await t.call(
          'DELETE',
          `/api/v1/tenants/${tenantId}/members/${owner.id}`,
          tenantAdmin.token,
        ),
        403,
      );
      expectProblem(
        await t.call(
          'PATCH',
          `/api/v1/tenants/${tenantId}/members/${member.id}`,
          tenantAdmin.token,
          { role: 'owner' },
        ),
        403,
      );
      expectProblem(
        await t.call('PATCH', `/api/v1/tenants/${tenantId}/members/${member.id}`, member.token, {
          role: 'admin',
        }),
        403,
      );
      expectProblem(
        await t.call(
          'DELETE',
          `/api/v1/tenants/${tenantId}/members/${tenantAdmin.id}`,
          member.token,
        ),
        403,
      );
      expect(await counts()).toEqual(before);
      expect(
        (
          await t.call(
            'PATCH',
            `/api/v1/tenants/${tenantId}/members/${member.id}`,
            tenantAdmin.token,
            { role: 'viewer' },
          )
        ).statusCode,
      ).toBe(200);
      expect(
        (
          await t.call(
            'DELETE',
            `/api/v1/tenants/${tenantId}/members/${member.id}`,
            tenantAdmin.token,
          )
        ).statusCode,
      ).toBe(204);
      expect(await counts()).toEqual({
        ...before,
        memberships: before.memberships - 1,
        events: before.events + 2,
      });
      expectProblem(
        await t.call(
          'DELETE',
          `/api/v1/tenants/${tenantId}/members/${member.id}`,
          tenantAdmin.token,
        ),
        404,
      );
    });

    it('another tenant’s manager cannot see or touch the members (404)', async () => {
      const tenantId = await createTenant();
      const member = await memberOf(tenantId, 'member');
      const stranger = await memberOf(await createTenant(), 'owner');
      const before = await counts();
      expectProblem(
        await t.call('GET', `/api/v1/tenants/${tenantId}/members`, stranger.token),
        404,
      );
      expectProblem(
        await t.call('PATCH', `/api/v1/tenants/${tenantId}/members/${member.id}`, stranger.token, {
          role: 'admin',
        }),
        404,
      );
      expectProblem(
        await t.call('DELETE', `/api/v1/tenants/${tenantId}/members/${member.id}`, stranger.token),
        404,
      );
      expect(await counts()).toEqual(before);
    });

    it.each([
      ['malformed JSON', '{"role": ', undefined],
      ['unknown field', { isDefault: true }, 'isDefault'],
      ['unknown role', { role: 'superuser' }, 'role'],
      ['null role', { role: null }, 'role'],
      ['wrong type', { expiresAt: 5 }, 'expiresAt'],
      ['past expiry', { expiresAt: '2001-01-01T00:00:00Z' }, 'expiresAt'],
    ])(
      'PATCH with %s is a 4xx naming the field and writes nothing',
      async (_name, payload, field) => {
        const tenantId = await createTenant();
        const member = await memberOf(tenantId, 'member');
        const before = await counts();
        const res = await t.call(
          'PATCH',
          `/api/v1/tenants/${tenantId}/members/${member.id}`,
          admin,
          payload,
        );
        expectProblem(res, field === 'expiresAt' && _name === 'past expiry' ? 422 : 400, field);
        expect(await counts()).toEqual(before);
      },
    );

    it('rejects invalid UUIDs and a missing token', async () => {
      const tenantId = await createTenant();
      expectProblem(
        await t.call('PATCH', `/api/v1/tenants/${tenantId}/members/xyz`, admin, { role: 'member' }),
        400,
        'userId',
      );
      expectProblem(
        await t.call('DELETE', `/api/v1/tenants/xyz/members/${UNKNOWN}`, admin),
        400,
        'id',
      );
      expectProblem(
        await t.call('DELETE', `/api/v1/tenants/${tenantId}/members/${UNKNOWN}`, null),
        401,
      );
      expectProblem(
        await t.call('DELETE', `/api/v1/tenants/${tenantId}/members/${UNKNOWN}`, admin),
        404,
      );
    });
  });

  describe('POST /me/default-tenant', () => {
    it('switches the default in one transaction; the next login without tenantId acts in it', async () => {
      const a = await createTenant();
      const b = await createTenant();
      const user = await t.createUser(admin);
      await add(admin, a, { userId: user.id, role: 'member' });
      await add(admin, b, { userId: user.id, role: 'viewer' });
      const token = (await t.login(user.email, user.password)).accessToken;
      expect(
        (await t.call('POST', '/api/v1/me/default-tenant', token, { tenantId: b })).statusCode,
      ).toBe(204);
      expect((await t.login(user.email, user.password)).tenantId).toBe(b);
      expect(
        (await t.call('POST', '/api/v1/me/default-tenant', token, { tenantId: a })).statusCode,
      ).toBe(204);
      expect((await t.login(user.email, user.password)).tenantId).toBe(a);
      const defaults = await sql(
        `SELECT tenant_id FROM user_tenants WHERE user_id = $1 AND is_default`,
        [user.id],
      );
      expect(defaults).toEqual([{ tenant_id: a }]);
      const types = await sql(
        `SELECT event_type FROM event_store WHERE stream_type = 'membership' AND payload->>'userId' = $1 AND event_type LIKE '%default%' ORDER BY position`,
        [user.id],
      );
      expect(types.map((r: { event_type: string }) => r.event_type)).toEqual([
        'identity.membership.made-default.v1',
        'identity.membership.default-cleared.v1',
        'identity.membership.made-default.v1',
      ]);
      const me = await t.call('GET', '/api/v1/me', token);
      expect(
        me.json().memberships.find((m: { tenantId: string }) => m.tenantId === a).isDefault,
      ).toBe(true);
    });

    it('a tenant you do not belong to is a 403; bad input is a 400; nothing is written', async () => {
      const user = await t.createUser(admin);
      const token = (await t.login(user.email, user.password)).accessToken;
      const other = await createTenant();
      const before = await counts();
      expectProblem(
        await t.call('POST', '/api/v1/me/default-tenant', token, { tenantId: other }),
        403,
      );
      expectProblem(
        await t.call('POST', '/api/v1/me/default-tenant', token, { tenantId: 'nope' }),
        400,
        'tenantId',
      );
      expectProblem(
        await t.call('POST', '/api/v1/me/default-tenant', token, { tenantId: other, extra: 1 }),
        400,
        'extra',
      );
      expectProblem(await t.call('POST', '/api/v1/me/default-tenant', token, '{"tenantId": '), 400);
      expectProblem(
        await t.call('POST', '/api/v1/me/default-tenant', null, { tenantId: other }),
        401,
      );
      expect(await counts()).toEqual(before);
    });
  });

  describe('expired memberships', () => {
    it('refuse login with that tenant, switching to it and making it the default (403)', async () => {
      const live = await createTenant();
      const lapsed = await createTenant();
      const user = await t.createUser(admin);
      await add(admin, live, { userId: user.id, role: 'member' });
      await add(admin, lapsed, { userId: user.id, role: 'member', expiresAt: future(1) });
      // Time passes: the API refuses a past expiry, so the clock is moved on in the row itself.
      await sql(
        `UPDATE user_tenants SET expires_at = now() - interval '1 minute' WHERE user_id = $1 AND tenant_id = $2`,
        [user.id, lapsed],
      );

      const login = await t.call('POST', '/api/v1/auth/login', null, {
        login: user.email,
        password: user.password,
        tenantId: lapsed,
      });
      expectProblem(login, 403);
      expect(login.json().code).toBe('AUTH.MEMBERSHIP_EXPIRED');

      const session = await t.login(user.email, user.password, live);
      const switched = await t.call('POST', '/api/v1/auth/switch-tenant', session.accessToken, {
        tenantId: lapsed,
        refreshToken: session.refreshToken,
      });
      expectProblem(switched, 403);
      expect(switched.json().code).toBe('AUTH.MEMBERSHIP_EXPIRED');
      // The refused switch did not burn the refresh token.
      expect(
        (await t.call('POST', '/api/v1/auth/refresh', null, { refreshToken: session.refreshToken }))
          .statusCode,
      ).toBe(200);

      const before = await counts();
      expectProblem(
        await t.call('POST', '/api/v1/me/default-tenant', session.accessToken, {
          tenantId: lapsed,
        }),
        403,
      );
      expect(await counts()).toEqual(before);
    });
  });
});
