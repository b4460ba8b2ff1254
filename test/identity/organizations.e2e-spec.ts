import { superuserClient } from '@opsledger/testing';
import { createTestApp, TestApp } from '../support/test-app';

type Res = { statusCode: number; headers: Record<string, unknown>; json(): any };
const UNKNOWN = '0b7c3c5e-4f1a-4c55-9d1e-5a7a4d6f0c11';

describe('organizations (e2e)', () => {
  let t: TestApp;
  let admin: string;
  let seq = 0;
  let tenantA: string;
  let tenantB: string;
  let ownerA: { id: string; token: string };
  let ownerB: { id: string; token: string };
  let memberA: { id: string; token: string };
  let dispatcherA: { id: string; token: string };

  const expectProblem = (res: Res, status: number, field?: string) => {
    expect(res.statusCode).toBe(status);
    expect(String(res.headers['content-type'])).toContain('application/problem+json');
    expect(res.json().status).toBe(status);
    if (field) expect(res.json().errors.map((e: { field: string }) => e.field)).toContain(field);
  };
  const counts = async () => {
    const c = await superuserClient(t.db.url);
    const r = await c.query(`SELECT (SELECT count(*)::int FROM organizations) AS organizations,
      (SELECT count(*)::int FROM user_organizations) AS members,
      (SELECT count(*)::int FROM event_store WHERE stream_type = 'organization') AS events`);
    await c.end();
    return r.rows[0] as { organizations: number; members: number; events: number };
  };
  const createTenant = async () => {
    const res = await t.call('POST', '/api/v1/tenants', admin, {
      name: 'Tenant',
      slug: `orgs-${++seq}`,
    });
    expect(res.statusCode).toBe(201);
    return res.json().id as string;
  };
  const memberOf = async (tenantId: string, role: string) => {
    const user = await t.createUser(admin);
    expect(
      (
        await t.call('POST', `/api/v1/tenants/${tenantId}/members`, admin, {
          userId: user.id,
          role,
        })
      ).statusCode,
    ).toBe(201);
    return { id: user.id, token: (await t.login(user.email, user.password, tenantId)).accessToken };
  };
  const createOrganization = async (token: string, body: Record<string, unknown> = {}) => {
    const res = await t.call('POST', '/api/v1/organizations', token, {
      name: 'Region',
      slug: `region-${++seq}`,
      ...body,
    });
    expect(res.statusCode).toBe(201);
    return res.json() as { id: string; slug: string; tenantId: string };
  };

  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.loginAsAdmin();
    tenantA = await createTenant();
    tenantB = await createTenant();
    ownerA = await memberOf(tenantA, 'owner');
    ownerB = await memberOf(tenantB, 'owner');
    memberA = await memberOf(tenantA, 'member');
    dispatcherA = await memberOf(tenantA, 'dispatcher');
  });
  afterAll(() => t.close());

  describe('create, read, list, rename, deactivate', () => {
    it('an owner creates an organization in the token’s tenant; members read it', async () => {
      const res = await t.call('POST', '/api/v1/organizations', ownerA.token, {
        name: 'North',
        slug: 'north',
        description: 'Northern crews',
      });
      expect(res.statusCode).toBe(201);
      const org = res.json();
      expect(org).toMatchObject({
        tenantId: tenantA,
        name: 'North',
        slug: 'north',
        description: 'Northern crews',
        isActive: true,
        memberCount: 0,
        version: 1,
      });
      expect(res.headers.location).toBe(`/api/v1/organizations/${org.id}`);
      expect(res.headers.etag).toBe('"v1"');
      const got = await t.call('GET', `/api/v1/organizations/${org.id}`, memberA.token);
      expect(got.statusCode).toBe(200);
      expect(got.headers.etag).toBe('"v1"');
    });

    it('the same slug is fine in another tenant but a 409 naming slug in the same one; nothing is written', async () => {
      const { slug } = await createOrganization(ownerA.token);
      await createOrganization(ownerB.token, { slug });
      const before = await counts();
      expectProblem(
        await t.call('POST', '/api/v1/organizations', ownerA.token, { name: 'Dup', slug }),
        409,
        'slug',
      );
      expect(await counts()).toEqual(before);
    });

    it('lists the tenant’s organizations page by page, never another tenant’s', async () => {
      const tenant = await createTenant();
      const owner = await memberOf(tenant, 'admin');
      const ids = [
        (await createOrganization(owner.token)).id,
        (await createOrganization(owner.token)).id,
        (await createOrganization(owner.token)).id,
      ];
      await createOrganization(ownerB.token);
      const first = await t.call('GET', '/api/v1/organizations?limit=2', owner.token);
      expect(first.statusCode).toBe(200);
      const second = await t.call(
        'GET',
        `/api/v1/organizations?limit=2&cursor=${first.json().nextCursor}`,
        owner.token,
      );
      expect(second.json().nextCursor).toBeNull();
      expect(
        [...first.json().items, ...second.json().items].map((o: { id: string }) => o.id),
      ).toEqual(ids);
    });

    it('renames with If-Match (stale is a 412), deactivates, and then refuses renames (409)', async () => {
      const org = await createOrganization(ownerA.token);
      const url = `/api/v1/organizations/${org.id}`;
      const renamed = await t.call(
        'PATCH',
        url,
        ownerA.token,
        { name: 'Renamed', description: 'Now described' },
        { 'if-match': '"v1"' },
      );
      expect(renamed.statusCode).toBe(200);
      expect(renamed.json()).toMatchObject({
        name: 'Renamed',
        description: 'Now described',
        version: 3,
      });
      expect(renamed.headers.etag).toBe('"v3"');
      const before = await counts();
      expectProblem(
        await t.call('PATCH', url, ownerA.token, { name: 'Stale' }, { 'if-match': '"v1"' }),
        412,
      );
      expect(await counts()).toEqual(before);
      expect(
        (await t.call('PATCH', url, ownerA.token, { description: null })).json().description,
      ).toBeNull();
      expect((await t.call('POST', `${url}/deactivate`, ownerA.token)).statusCode).toBe(204);
      expect((await t.call('GET', url, memberA.token)).json().isActive).toBe(false);
      expectProblem(await t.call('PATCH', url, ownerA.token, { name: 'Too late' }), 409);
    });

    it('writes need owner or admin of the tenant (403 for members, dispatchers); nothing is written', async () => {
      const org = await createOrganization(ownerA.token);
      const before = await counts();
      expectProblem(
        await t.call('POST', '/api/v1/organizations', memberA.token, {
          name: 'X',
          slug: 'by-member',
        }),
        403,
      );
      expectProblem(
        await t.call('PATCH', `/api/v1/organizations/${org.id}`, dispatcherA.token, { name: 'X' }),
        403,
      );
      expectProblem(
        await t.call('POST', `/api/v1/organizations/${org.id}/deactivate`, memberA.token),
        403,
      );
      expectProblem(
        await t.call('POST', `/api/v1/organizations/${org.id}/members`, memberA.token, {
          userId: dispatcherA.id,
        }),
        403,
      );
      expectProblem(
        await t.call(
          'DELETE',
          `/api/v1/organizations/${org.id}/members/${memberA.id}`,
          memberA.token,
        ),
        403,
      );
      expect(await counts()).toEqual(before);
    });

    it('a token without a tenant is a 403, without a token a 401', async () => {
      const lone = await t.createUser(admin);
      const token = (await t.login(lone.email, lone.password)).accessToken;
      expectProblem(await t.call('GET', '/api/v1/organizations', token), 403);
      expectProblem(await t.call('GET', '/api/v1/organizations', admin), 403);
      expectProblem(await t.call('GET', '/api/v1/organizations', null), 401);
      expectProblem(
        await t.call('POST', '/api/v1/organizations', null, { name: 'X', slug: 'x' }),
        401,
      );
    });
  });

  describe('tenant isolation', () => {
    it('an organization of tenant A is a 404 for every request from a tenant B token; nothing is written', async () => {
      const org = await createOrganization(ownerA.token);
      await t.call('POST', `/api/v1/organizations/${org.id}/members`, ownerA.token, {
        userId: memberA.id,
      });
      const before = await counts();
      const url = `/api/v1/organizations/${org.id}`;
      expectProblem(await t.call('GET', url, ownerB.token), 404);
      expectProblem(await t.call('PATCH', url, ownerB.token, { name: 'Taken over' }), 404);
      expectProblem(await t.call('POST', `${url}/deactivate`, ownerB.token), 404);
      expectProblem(await t.call('GET', `${url}/members`, ownerB.token), 404);
      expectProblem(
        await t.call('POST', `${url}/members`, ownerB.token, { userId: ownerB.id }),
        404,
      );
      expectProblem(await t.call('DELETE', `${url}/members/${memberA.id}`, ownerB.token), 404);
      expect(
        (await t.call('GET', '/api/v1/organizations', ownerB.token))
          .json()
          .items.map((o: { id: string }) => o.id),
      ).not.toContain(org.id);
      expect(await counts()).toEqual(before);
      expect((await t.call('GET', url, ownerA.token)).json().name).toBe('Region');
    });
  });

  describe('members', () => {
    it('adds a tenant member, lists and removes them', async () => {
      const org = await createOrganization(ownerA.token);
      const url = `/api/v1/organizations/${org.id}/members`;
      const added = await t.call('POST', url, ownerA.token, { userId: memberA.id, role: 'admin' });
      expect(added.statusCode).toBe(201);
      expect(added.json()).toMatchObject({
        organizationId: org.id,
        userId: memberA.id,
        role: 'admin',
      });
      expect(added.headers.location).toBe(`${url}/${memberA.id}`);
      expect(
        (await t.call('POST', url, ownerA.token, { userId: dispatcherA.id })).json().role,
      ).toBe('member');
      const list = await t.call('GET', url, memberA.token);
      expect(list.json().items.map((m: { userId: string }) => m.userId)).toEqual([
        memberA.id,
        dispatcherA.id,
      ]);
      expect(
        (await t.call('GET', `/api/v1/organizations/${org.id}`, memberA.token)).json(),
      ).toMatchObject({ memberCount: 2, version: 3 });
      expect((await t.call('GET', `${url}/${memberA.id}`, dispatcherA.token)).statusCode).toBe(200);

      const before = await counts();
      expectProblem(await t.call('POST', url, ownerA.token, { userId: memberA.id }), 409, 'userId');
      expect(await counts()).toEqual(before);
      expect((await t.call('DELETE', `${url}/${memberA.id}`, ownerA.token)).statusCode).toBe(204);
      expect(await counts()).toEqual({
        ...before,
        members: before.members - 1,
        events: before.events + 1,
      });
      expectProblem(await t.call('DELETE', `${url}/${memberA.id}`, ownerA.token), 404);
      expectProblem(await t.call('GET', `${url}/${memberA.id}`, ownerA.token), 404);
    });

    it('someone outside the tenant (or unknown, or expired) is a 422 naming userId; nothing is written', async () => {
      const org = await createOrganization(ownerA.token);
      const url = `/api/v1/organizations/${org.id}/members`;
      const expired = await memberOf(tenantA, 'member');
      const c = await superuserClient(t.db.url);
      await c.query(
        `UPDATE user_tenants SET expires_at = now() - interval '1 minute' WHERE user_id = $1`,
        [expired.id],
      );
      await c.end();
      const before = await counts();
      expectProblem(await t.call('POST', url, ownerA.token, { userId: ownerB.id }), 422, 'userId');
      expectProblem(await t.call('POST', url, ownerA.token, { userId: UNKNOWN }), 422, 'userId');
      expectProblem(await t.call('POST', url, ownerA.token, { userId: expired.id }), 422, 'userId');
      expect(await counts()).toEqual(before);
    });

    it('leaving the tenant removes the person from its organizations, through their aggregates', async () => {
      const org = await createOrganization(ownerA.token);
      const leaver = await memberOf(tenantA, 'member');
      expect(
        (
          await t.call('POST', `/api/v1/organizations/${org.id}/members`, ownerA.token, {
            userId: leaver.id,
          })
        ).statusCode,
      ).toBe(201);
      expect(
        (await t.call('DELETE', `/api/v1/tenants/${tenantA}/members/${leaver.id}`, ownerA.token))
          .statusCode,
      ).toBe(204);
      expect(
        (await t.call('GET', `/api/v1/organizations/${org.id}`, ownerA.token)).json().memberCount,
      ).toBe(0);
      const c = await superuserClient(t.db.url);
      const events = await c.query(
        `SELECT payload FROM event_store WHERE stream_id = $1 AND event_type = 'identity.organization.member-removed.v1'`,
        [org.id],
      );
      await c.end();
      expect(events.rows).toEqual([{ payload: { userId: leaver.id, reason: 'left-tenant' } }]);
    });
  });

  describe('bad input', () => {
    it.each([
      ['malformed JSON', '{"name": ', undefined],
      ['unknown field', { name: 'X', slug: 'bad-1', tenantId: UNKNOWN }, 'tenantId'],
      ['wrong type', { name: ['X'], slug: 'bad-1' }, 'name'],
      ['over-long name', { name: 'x'.repeat(256), slug: 'bad-1' }, 'name'],
      [
        'over-long description',
        { name: 'X', slug: 'bad-1', description: 'x'.repeat(2001) },
        'description',
      ],
      ['bad slug', { name: 'X', slug: 'Bad Slug' }, 'slug'],
      ['missing name', { slug: 'bad-1' }, 'name'],
    ])('POST /organizations with %s is a 400 and writes nothing', async (_name, payload, field) => {
      const before = await counts();
      expectProblem(
        await t.call('POST', '/api/v1/organizations', ownerA.token, payload),
        400,
        field,
      );
      expect(await counts()).toEqual(before);
    });

    it.each([
      ['malformed JSON', '{"name": ', undefined],
      ['unknown field', { slug: 'new' }, 'slug'],
      ['null name', { name: null }, 'name'],
      ['over-long name', { name: 'x'.repeat(256) }, 'name'],
      ['wrong type', { description: 3 }, 'description'],
    ])(
      'PATCH /organizations/{id} with %s is a 400 and writes nothing',
      async (_name, payload, field) => {
        const org = await createOrganization(ownerA.token);
        const before = await counts();
        expectProblem(
          await t.call('PATCH', `/api/v1/organizations/${org.id}`, ownerA.token, payload),
          400,
          field,
        );
        expect(await counts()).toEqual(before);
      },
    );

    it.each([
      ['malformed JSON', '{"userId": ', undefined],
      ['unknown field', { userId: UNKNOWN, owner: true }, 'owner'],
      ['invalid userId', { userId: 'abc' }, 'userId'],
      ['unknown role', { userId: UNKNOWN, role: 'boss' }, 'role'],
    ])(
      'POST /organizations/{id}/members with %s is a 400 and writes nothing',
      async (_name, payload, field) => {
        const org = await createOrganization(ownerA.token);
        const before = await counts();
        expectProblem(
          await t.call('POST', `/api/v1/organizations/${org.id}/members`, ownerA.token, payload),
          400,
          field,
        );
        expect(await counts()).toEqual(before);
      },
    );

    it('invalid UUIDs in the path are a 400 naming them; unknown ids a 404', async () => {
      expectProblem(await t.call('GET', '/api/v1/organizations/nope', ownerA.token), 400, 'id');
      expectProblem(
        await t.call('PATCH', '/api/v1/organizations/nope', ownerA.token, { name: 'X' }),
        400,
        'id',
      );
      expectProblem(
        await t.call('DELETE', `/api/v1/organizations/${UNKNOWN}/members/nope`, ownerA.token),
        400,
        'userId',
      );
      expectProblem(await t.call('GET', `/api/v1/organizations/${UNKNOWN}`, ownerA.token), 404);
      expectProblem(
        await t.call('GET', `/api/v1/organizations/${UNKNOWN}/members`, ownerA.token),
        404,
      );
      expectProblem(
        await t.call('GET', '/api/v1/organizations?limit=500', ownerA.token),
        400,
        'limit',
      );
    });
  });

  it('documents every organization endpoint in OpenAPI', async () => {
    const doc = (await t.inject({ method: 'GET', url: '/docs-json' })).json();
    const expected: Array<[string, string]> = [
      ['/api/v1/organizations', 'post'],
      ['/api/v1/organizations', 'get'],
      ['/api/v1/organizations/{id}', 'get'],
      ['/api/v1/organizations/{id}', 'patch'],
      ['/api/v1/organizations/{id}/deactivate', 'post'],
      ['/api/v1/organizations/{id}/members', 'post'],
      ['/api/v1/organizations/{id}/members', 'get'],
      ['/api/v1/organizations/{id}/members/{userId}', 'get'],
      ['/api/v1/organizations/{id}/members/{userId}', 'delete'],
    ];
    for (const [path, method] of expected) {
      const op = doc.paths[path]?.[method];
      expect(op).toBeDefined();
      expect(op.tags).toContain('organizations');
      expect(op.security).toEqual([{ bearer: [] }]);
      expect(op.responses['403'].content['application/problem+json']).toBeDefined();
    }
    expect(doc.components.schemas.OrganizationResponseDto).toBeDefined();
  });
});
