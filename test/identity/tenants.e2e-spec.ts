import { superuserClient } from '@opsledger/testing';
import { createTestApp, TestApp } from '../support/test-app';

type Res = { statusCode: number; headers: Record<string, unknown>; json(): any };

describe('tenants (e2e)', () => {
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
    const r =
      await c.query(`SELECT (SELECT count(*)::int FROM tenants) AS tenants, (SELECT count(*)::int FROM user_tenants) AS memberships,
      (SELECT count(*)::int FROM event_store WHERE stream_type IN ('tenant', 'membership')) AS events`);
    await c.end();
    return r.rows[0] as { tenants: number; memberships: number; events: number };
  };
  const slug = () => `tenant-${++seq}`;
  const createTenant = async (body: Record<string, unknown> = {}) => {
    const res = await t.call('POST', '/api/v1/tenants', admin, {
      name: 'Some tenant',
      slug: slug(),
      ...body,
    });
    expect(res.statusCode).toBe(201);
    return res.json() as { id: string; slug: string; version: number };
  };
  /** A fresh account with the given role in the tenant, logged in to it. */
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
    return { ...user, token: (await t.login(user.email, user.password, tenantId)).accessToken };
  };

  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.loginAsAdmin();
  });
  afterAll(() => t.close());

  describe('POST /tenants', () => {
    it('creates a tenant with defaults, answers Location and ETag, and records the event', async () => {
      const before = await counts();
      const res = await t.call('POST', '/api/v1/tenants', admin, {
        name: 'Acme',
        slug: 'acme',
        domain: 'Acme.Example.com',
      });
      expect(res.statusCode).toBe(201);
      const tenant = res.json();
      expect(tenant).toMatchObject({
        name: 'Acme',
        slug: 'acme',
        domain: 'acme.example.com',
        settings: { selfSignup: false },
        isActive: true,
        version: 1,
      });
      expect(res.headers.location).toBe(`/api/v1/tenants/${tenant.id}`);
      expect(res.headers.etag).toBe('"v1"');
      // The creating admin does not become a member.
      expect(await counts()).toEqual({
        tenants: before.tenants + 1,
        memberships: before.memberships,
        events: before.events + 1,
      });
      const c = await superuserClient(t.db.url);
      const events = await c.query(
        `SELECT event_type, tenant_id FROM event_store WHERE stream_type = 'tenant' AND stream_id = $1`,
        [tenant.id],
      );
      await c.end();
      expect(events.rows).toEqual([
        { event_type: 'identity.tenant.created.v1', tenant_id: tenant.id },
      ]);
    });

    it('makes ownerUserId the first owner, in the same transaction', async () => {
      const owner = await t.createUser(admin);
      const tenant = await createTenant({ ownerUserId: owner.id, settings: { selfSignup: true } });
      const members = await t.call('GET', `/api/v1/tenants/${tenant.id}/members`, admin);
      expect(members.json().items).toEqual([
        expect.objectContaining({ userId: owner.id, role: 'owner', email: owner.email }),
      ]);
      const got = await t.call('GET', `/api/v1/tenants/${tenant.id}`, admin);
      expect(got.json().settings).toEqual({ selfSignup: true });
    });

    it('a taken slug is a 409 naming slug; nothing is written', async () => {
      const { slug: taken } = await createTenant();
      const before = await counts();
      expectProblem(
        await t.call('POST', '/api/v1/tenants', admin, { name: 'Again', slug: taken }),
        409,
        'slug',
      );
      expect(await counts()).toEqual(before);
    });

    it('an unknown ownerUserId is a 404 naming it; nothing is written', async () => {
      const before = await counts();
      const res = await t.call('POST', '/api/v1/tenants', admin, {
        name: 'X',
        slug: slug(),
        ownerUserId: '0b7c3c5e-4f1a-4c55-9d1e-5a7a4d6f0c11',
      });
      expectProblem(res, 404, 'ownerUserId');
      expect(await counts()).toEqual(before);
    });

    it.each([
      ['malformed JSON', '{"name": "x", ', undefined],
      ['unknown field', { name: 'X', slug: 'x-1', plan: 'gold' }, 'plan'],
      [
        'unknown settings key',
        { name: 'X', slug: 'x-1', settings: { theme: 'dark' } },
        'settings.theme',
      ],
      ['wrong type', { name: 42, slug: 'x-1' }, 'name'],
      [
        'wrong settings type',
        { name: 'X', slug: 'x-1', settings: { selfSignup: 'yes' } },
        'settings.selfSignup',
      ],
      ['settings not an object', { name: 'X', slug: 'x-1', settings: 'open' }, 'settings'],
      ['over-long name', { name: 'x'.repeat(256), slug: 'x-1' }, 'name'],
      ['over-long slug', { name: 'X', slug: 'x'.repeat(101) }, 'slug'],
      ['slug not kebab-case', { name: 'X', slug: 'Not_Kebab' }, 'slug'],
      ['missing slug', { name: 'X' }, 'slug'],
      ['invalid domain', { name: 'X', slug: 'x-1', domain: 'not a domain' }, 'domain'],
      ['invalid ownerUserId', { name: 'X', slug: 'x-1', ownerUserId: 'nope' }, 'ownerUserId'],
    ])('%s is a 400 and writes nothing', async (_name, payload, field) => {
      const before = await counts();
      expectProblem(await t.call('POST', '/api/v1/tenants', admin, payload), 400, field);
      expect(await counts()).toEqual(before);
    });

    it('a blank name passes the DTO but not the domain: 400 naming name, nothing written', async () => {
      const before = await counts();
      expectProblem(
        await t.call('POST', '/api/v1/tenants', admin, { name: '   ', slug: slug() }),
        400,
        'name',
      );
      expect(await counts()).toEqual(before);
    });

    it('needs a token (401) and the platform admin role (403); nothing is written', async () => {
      const tenant = await createTenant();
      const owner = await memberOf(tenant.id, 'owner');
      const before = await counts();
      expectProblem(
        await t.call('POST', '/api/v1/tenants', null, { name: 'X', slug: slug() }),
        401,
      );
      expectProblem(
        await t.call('POST', '/api/v1/tenants', owner.token, { name: 'X', slug: slug() }),
        403,
      );
      expect(await counts()).toEqual(before);
    });
  });

  describe('GET /tenants and /tenants/{id}', () => {
    it('admins see every tenant, page by page; members only their own; others get a 404', async () => {
      const mine = await createTenant();
      const other = await createTenant();
      const member = await memberOf(mine.id, 'viewer');

      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page: Res = await t.call(
          'GET',
          `/api/v1/tenants?limit=2${cursor ? `&cursor=${cursor}` : ''}`,
          admin,
        );
        expect(page.statusCode).toBe(200);
        expect(page.json().items.length).toBeLessThanOrEqual(2);
        seen.push(...page.json().items.map((x: { id: string }) => x.id));
        cursor = page.json().nextCursor;
      } while (cursor);
      expect(seen).toEqual(expect.arrayContaining([mine.id, other.id]));
      expect(new Set(seen).size).toBe(seen.length);

      const own = await t.call('GET', '/api/v1/tenants', member.token);
      expect(own.json()).toEqual({
        items: [expect.objectContaining({ id: mine.id })],
        nextCursor: null,
      });
      const got = await t.call('GET', `/api/v1/tenants/${mine.id}`, member.token);
      expect(got.statusCode).toBe(200);
      expect(got.headers.etag).toBe('"v1"');
      expectProblem(await t.call('GET', `/api/v1/tenants/${other.id}`, member.token), 404);
    });

    it('rejects a bad id, bad list parameters and a missing token', async () => {
      expectProblem(await t.call('GET', '/api/v1/tenants/not-a-uuid', admin), 400, 'id');
      expectProblem(
        await t.call('GET', '/api/v1/tenants/0b7c3c5e-4f1a-4c55-9d1e-5a7a4d6f0c11', admin),
        404,
      );
      expectProblem(await t.call('GET', '/api/v1/tenants?limit=101', admin), 400, 'limit');
      expectProblem(await t.call('GET', '/api/v1/tenants?bogus=1', admin), 400, 'bogus');
      expectProblem(await t.call('GET', '/api/v1/tenants?cursor=%21', admin), 400, 'cursor');
      expectProblem(await t.call('GET', '/api/v1/tenants', null), 401);
    });
  });

  describe('PATCH /tenants/{id}', () => {
    it('an admin renames, changes domain and settings; a stale If-Match is a 412', async () => {
      const tenant = await createTenant({ domain: 'old.example.com' });
      const res = await t.call(
        'PATCH',
        `/api/v1/tenants/${tenant.id}`,
        admin,
        { name: 'Renamed', domain: null, settings: { selfSignup: true } },
        { 'if-match': '"v1"' },
      );
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({
        name: 'Renamed',
        domain: null,
        settings: { selfSignup: true },
        version: 4,
      });
      expect(res.headers.etag).toBe('"v4"');
      const before = await counts();
      expectProblem(
        await t.call(
          'PATCH',
          `/api/v1/tenants/${tenant.id}`,
          admin,
          { name: 'Again' },
          { 'if-match': '"v1"' },
        ),
        412,
      );
      expectProblem(
        await t.call(
          'PATCH',
          `/api/v1/tenants/${tenant.id}`,
          admin,
          { name: 'Again' },
          { 'if-match': 'v4' },
        ),
        400,
        'If-Match',
      );
      expect(await counts()).toEqual(before);
      const c = await superuserClient(t.db.url);
      const events = await c.query(
        `SELECT event_type, metadata->'previous' AS previous FROM event_store WHERE stream_id = $1 ORDER BY stream_version`,
        [tenant.id],
      );
      await c.end();
      expect(events.rows.slice(1)).toEqual([
        { event_type: 'identity.tenant.renamed.v1', previous: { name: 'Some tenant' } },
        {
          event_type: 'identity.tenant.domain-changed.v1',
          previous: { domain: 'old.example.com' },
        },
        {
          event_type: 'identity.tenant.settings-changed.v1',
          previous: { settings: { selfSignup: false } },
        },
      ]);
    });

    it('owners and admins of that tenant may change it; members may not (403); strangers get a 404', async () => {
      const tenant = await createTenant();
      const other = await createTenant();
      const owner = await memberOf(tenant.id, 'owner');
      const tenantAdmin = await memberOf(tenant.id, 'admin');
      const member = await memberOf(tenant.id, 'member');
      const stranger = await memberOf(other.id, 'owner');
      expect(
        (await t.call('PATCH', `/api/v1/tenants/${tenant.id}`, owner.token, { name: 'By owner' }))
          .statusCode,
      ).toBe(200);
      expect(
        (
          await t.call('PATCH', `/api/v1/tenants/${tenant.id}`, tenantAdmin.token, {
            settings: { selfSignup: true },
          })
        ).statusCode,
      ).toBe(200);
      const before = await counts();
      expectProblem(
        await t.call('PATCH', `/api/v1/tenants/${tenant.id}`, member.token, { name: 'By member' }),
        403,
      );
      expectProblem(
        await t.call('PATCH', `/api/v1/tenants/${tenant.id}`, stranger.token, {
          name: 'By stranger',
        }),
        404,
      );
      expect(await counts()).toEqual(before);
    });

    it.each([
      ['malformed JSON', '{"name": ', undefined],
      ['unknown field', { slug: 'new-slug' }, 'slug'],
      ['null name', { name: null }, 'name'],
      ['wrong type', { name: 7 }, 'name'],
      ['over-long name', { name: 'x'.repeat(256) }, 'name'],
      ['over-long domain', { domain: `${'a'.repeat(250)}.example.com` }, 'domain'],
      ['empty settings', { settings: {} }, 'settings'],
      [
        'unknown settings key',
        { settings: { selfSignup: true, colour: 'red' } },
        'settings.colour',
      ],
    ])('%s is a 400 and writes nothing', async (_name, payload, field) => {
      const tenant = await createTenant();
      const before = await counts();
      expectProblem(
        await t.call('PATCH', `/api/v1/tenants/${tenant.id}`, admin, payload),
        400,
        field,
      );
      expect(await counts()).toEqual(before);
    });

    it('rejects an invalid UUID and a missing token', async () => {
      expectProblem(await t.call('PATCH', '/api/v1/tenants/123', admin, { name: 'X' }), 400, 'id');
      expectProblem(
        await t.call('PATCH', '/api/v1/tenants/0b7c3c5e-4f1a-4c55-9d1e-5a7a4d6f0c11', null, {
          name: 'X',
        }),
        401,
      );
    });
  });

  describe('deactivate and reactivate', () => {
    it('platform admins only; a deactivated tenant cannot be logged in to nor get members', async () => {
      const tenant = await createTenant();
      const owner = await memberOf(tenant.id, 'owner');
      const before = await counts();
      expectProblem(
        await t.call('POST', `/api/v1/tenants/${tenant.id}/deactivate`, owner.token),
        403,
      );
      expectProblem(await t.call('POST', `/api/v1/tenants/${tenant.id}/deactivate`, null), 401);
      expectProblem(await t.call('POST', '/api/v1/tenants/nope/deactivate', admin), 400, 'id');
      expectProblem(
        await t.call(
          'POST',
          '/api/v1/tenants/0b7c3c5e-4f1a-4c55-9d1e-5a7a4d6f0c11/deactivate',
          admin,
        ),
        404,
      );
      expect(await counts()).toEqual(before);

      expect(
        (await t.call('POST', `/api/v1/tenants/${tenant.id}/deactivate`, admin)).statusCode,
      ).toBe(204);
      expect((await t.call('GET', `/api/v1/tenants/${tenant.id}`, admin)).json()).toMatchObject({
        isActive: false,
        version: 2,
      });
      const login = await t.call('POST', '/api/v1/auth/login', null, {
        login: owner.email,
        password: owner.password,
        tenantId: tenant.id,
      });
      expectProblem(login, 403);
      expect(login.json().code).toBe('AUTH.MEMBERSHIP_EXPIRED');
      const user = await t.createUser(admin);
      expectProblem(
        await t.call('POST', `/api/v1/tenants/${tenant.id}/members`, admin, {
          userId: user.id,
          role: 'member',
        }),
        409,
      );

      expect(
        (await t.call('POST', `/api/v1/tenants/${tenant.id}/reactivate`, admin)).statusCode,
      ).toBe(204);
      expect((await t.call('GET', `/api/v1/tenants/${tenant.id}`, admin)).json()).toMatchObject({
        isActive: true,
        version: 3,
      });
      expect((await t.login(owner.email, owner.password, tenant.id)).tenantId).toBe(tenant.id);
    });
  });

  it('documents every tenant endpoint in OpenAPI with its tag, bearer auth and problem responses', async () => {
    const doc = (await t.inject({ method: 'GET', url: '/docs-json' })).json();
    const expected: Array<[string, string]> = [
      ['/api/v1/tenants', 'post'],
      ['/api/v1/tenants', 'get'],
      ['/api/v1/tenants/{id}', 'get'],
      ['/api/v1/tenants/{id}', 'patch'],
      ['/api/v1/tenants/{id}/deactivate', 'post'],
      ['/api/v1/tenants/{id}/reactivate', 'post'],
      ['/api/v1/tenants/{id}/members', 'post'],
      ['/api/v1/tenants/{id}/members', 'get'],
      ['/api/v1/tenants/{id}/members/{userId}', 'get'],
      ['/api/v1/tenants/{id}/members/{userId}', 'patch'],
      ['/api/v1/tenants/{id}/members/{userId}', 'delete'],
    ];
    for (const [path, method] of expected) {
      const op = doc.paths[path]?.[method];
      expect(op).toBeDefined();
      expect(op.tags).toContain('tenants');
      expect(op.security).toEqual([{ bearer: [] }]);
      expect(op.responses['401'].content['application/problem+json']).toBeDefined();
    }
    expect(doc.paths['/api/v1/me/default-tenant'].post.tags).toContain('me');
    expect(doc.components.schemas.TenantResponseDto).toBeDefined();
    expect(doc.components.schemas.CreateTenantRequestDto.required).toEqual(
      expect.arrayContaining(['name', 'slug']),
    );
  });
});
