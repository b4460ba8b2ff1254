import { superuserClient } from '@opsledger/testing';
import { createTenantWithMembers, TenantMember } from '../support/tenant-fixture';
import { createTestApp, TestApp } from '../support/test-app';

type Res = { statusCode: number; headers: Record<string, unknown>; json(): any };
const UNKNOWN = '0b7c3c5e-4f1a-4c55-9d1e-5a7a4d6f0c11';
const ADDRESS = {
  street: '12 Harbour Road',
  city: 'Portland',
  state: 'OR',
  postalCode: '97201',
  country: 'US',
};

describe('customers (e2e)', () => {
  let t: TestApp;
  let admin: string;
  let seq = 0;
  let tenantA: string;
  let a: Record<'owner' | 'dispatcher' | 'member' | 'portal', TenantMember>;
  let b: Record<'dispatcher', TenantMember>;

  const expectProblem = (res: Res, status: number, field?: string) => {
    expect(res.statusCode).toBe(status);
    expect(String(res.headers['content-type'])).toContain('application/problem+json');
    expect(res.json().status).toBe(status);
    if (field) expect(res.json().errors.map((e: { field: string }) => e.field)).toContain(field);
  };
  const counts = async () => {
    const c = await superuserClient(t.db.url);
    const r = await c.query(`SELECT (SELECT count(*)::int FROM customers) AS customers,
      (SELECT count(*)::int FROM event_store WHERE stream_type = 'customer') AS events`);
    await c.end();
    return r.rows[0] as { customers: number; events: number };
  };
  const ledger = async (id: string) => {
    const c = await superuserClient(t.db.url);
    const r = await c.query(
      `SELECT event_type, payload, metadata->'previous' AS previous FROM event_store WHERE stream_id = $1 ORDER BY stream_version`,
      [id],
    );
    await c.end();
    expect(JSON.stringify(r.rows)).not.toContain('@acme.example');
    return t.reveal(r.rows as Array<{ event_type: string; payload: any; previous: any }>);
  };
  const createCustomer = async (token: string, body: Record<string, unknown> = {}) => {
    const res = await t.call('POST', '/api/v1/customers', token, {
      email: `c${++seq}@acme.example`,
      ...body,
    });
    expect(res.statusCode).toBe(201);
    return res.json() as { id: string; email: string; version: number };
  };

  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.loginAsAdmin();
    const fixture = await createTenantWithMembers(t, admin, {
      owner: 'owner',
      dispatcher: 'dispatcher',
      member: 'member',
      portal: 'member',
    });
    tenantA = fixture.tenantId;
    a = fixture.members;
    b = (await createTenantWithMembers(t, admin, { dispatcher: 'dispatcher' })).members;
  });
  afterAll(() => t.close());

  it('a dispatcher creates a customer with validated addresses; reads it with an ETag; the ledger holds it', async () => {
    const res = await t.call('POST', '/api/v1/customers', a.dispatcher.token, {
      email: 'Facilities@Acme.Example',
      phone: '+1 503 555 0100',
      companyName: 'Acme Facilities',
      billingAddress: ADDRESS,
      serviceAddress: { ...ADDRESS, street: '1 Plant Way', street2: 'Gate 3' },
    });
    expect(res.statusCode).toBe(201);
    const customer = res.json();
    expect(customer).toMatchObject({
      tenantId: tenantA,
      email: 'facilities@acme.example',
      companyName: 'Acme Facilities',
      billingAddress: { ...ADDRESS, street2: null },
      serviceAddress: { street: '1 Plant Way', street2: 'Gate 3' },
      userId: null,
      isActive: true,
      status: 'active',
      version: 1,
    });
    expect(res.headers.location).toBe(`/api/v1/customers/${customer.id}`);
    expect(res.headers.etag).toBe('"v1"');
    const got = await t.call('GET', `/api/v1/customers/${customer.id}`, a.owner.token);
    expect(got.statusCode).toBe(200);
    expect(got.headers.etag).toBe('"v1"');
    expect((await ledger(customer.id))[0]).toMatchObject({
      event_type: 'field-service.customer.created.v1',
      payload: { email: 'facilities@acme.example' },
    });
  });

  it('the email is unique per tenant (409 naming email, nothing written) but free in another tenant', async () => {
    const { email } = await createCustomer(a.dispatcher.token);
    await createCustomer(b.dispatcher.token, { email });
    const before = await counts();
    expectProblem(
      await t.call('POST', '/api/v1/customers', a.dispatcher.token, { email: email.toUpperCase() }),
      409,
      'email',
    );
    const other = await createCustomer(a.dispatcher.token);
    const mid = await counts();
    expectProblem(
      await t.call('PATCH', `/api/v1/customers/${other.id}`, a.dispatcher.token, { email }),
      409,
      'email',
    );
    expect(await counts()).toEqual(mid);
    expect(mid.customers).toBe(before.customers + 1);
  });

  it('PATCH with If-Match changes details (stale is a 412); the ledger holds old and new values', async () => {
    const customer = await createCustomer(a.dispatcher.token, { billingAddress: ADDRESS });
    const url = `/api/v1/customers/${customer.id}`;
    const changed = await t.call(
      'PATCH',
      url,
      a.dispatcher.token,
      { companyName: 'Acme West', billingAddress: { ...ADDRESS, city: 'Salem' } },
      { 'if-match': '"v1"' },
    );
    expect(changed.statusCode).toBe(200);
    expect(changed.json()).toMatchObject({
      companyName: 'Acme West',
      billingAddress: { city: 'Salem' },
      version: 2,
    });
    expect(changed.headers.etag).toBe('"v2"');
    const before = await counts();
    expectProblem(
      await t.call(
        'PATCH',
        url,
        a.dispatcher.token,
        { companyName: 'Stale' },
        { 'if-match': '"v1"' },
      ),
      412,
    );
    expectProblem(
      await t.call('PATCH', url, a.dispatcher.token, { companyName: 'Bad' }, { 'if-match': 'v2' }),
      400,
      'If-Match',
    );
    expect(await counts()).toEqual(before);
    expect(
      (
        await t.call('PATCH', url, a.dispatcher.token, { companyName: null, billingAddress: null })
      ).json(),
    ).toMatchObject({
      companyName: null,
      billingAddress: null,
      version: 3,
    });
    const events = await ledger(customer.id);
    expect(events[1]).toMatchObject({
      event_type: 'field-service.customer.details-changed.v1',
      payload: { companyName: 'Acme West', billingAddress: { city: 'Salem' } },
      previous: { companyName: null, billingAddress: { city: 'Portland' } },
    });
  });

  it('lists with filters, sorting and cursor pages, never another tenant’s', async () => {
    const fixture = await createTenantWithMembers(t, admin, { dispatcher: 'dispatcher' });
    const token = fixture.members.dispatcher.token;
    const made = [
      await createCustomer(token, { email: 'b@list.example', companyName: 'Zeta' }),
      await createCustomer(token, { email: 'c@list.example', companyName: 'Alpha' }),
      await createCustomer(token, { email: 'a@list.example', companyName: 'Mid' }),
    ];
    await createCustomer(a.dispatcher.token, { email: 'a@list.example' });
    const first = await t.call('GET', '/api/v1/customers?limit=2', token);
    expect(first.statusCode).toBe(200);
    const second = await t.call(
      'GET',
      `/api/v1/customers?limit=2&cursor=${first.json().nextCursor}`,
      token,
    );
    expect(second.json().nextCursor).toBeNull();
    expect(
      [...first.json().items, ...second.json().items].map((c: { id: string }) => c.id),
    ).toEqual(made.map((c) => c.id));

    const byEmail = (await t.call('GET', '/api/v1/customers?sort=email&order=desc', token))
      .json()
      .items.map((c: { email: string }) => c.email);
    expect(byEmail).toEqual(['c@list.example', 'b@list.example', 'a@list.example']);
    const page1 = await t.call('GET', '/api/v1/customers?sort=companyName&limit=1', token);
    const page2 = await t.call(
      'GET',
      `/api/v1/customers?sort=companyName&limit=1&cursor=${page1.json().nextCursor}`,
      token,
    );
    expect([page1.json().items[0].companyName, page2.json().items[0].companyName]).toEqual([
      'Alpha',
      'Mid',
    ]);
    expectProblem(
      await t.call('GET', `/api/v1/customers?sort=email&cursor=${page1.json().nextCursor}`, token),
      400,
      'cursor',
    );

    expect(
      (await t.call('GET', '/api/v1/customers?q=ZET', token))
        .json()
        .items.map((c: { id: string }) => c.id),
    ).toEqual([made[0].id]);
    await t.call('POST', `/api/v1/customers/${made[1].id}/deactivate`, token);
    expect(
      (await t.call('GET', '/api/v1/customers?isActive=false', token))
        .json()
        .items.map((c: { id: string }) => c.id),
    ).toEqual([made[1].id]);
    expect(
      (await t.call('GET', '/api/v1/customers?status=inactive', token)).json().items,
    ).toHaveLength(1);
  });

  it('links and unlinks a portal user; the user then reads its own profile only', async () => {
    const customer = await createCustomer(a.dispatcher.token);
    const other = await createCustomer(a.dispatcher.token);
    const url = `/api/v1/customers/${customer.id}/portal-user`;
    const linked = await t.call('POST', url, a.dispatcher.token, { userId: a.portal.id });
    expect(linked.statusCode).toBe(200);
    expect(linked.json()).toMatchObject({ userId: a.portal.id, version: 2 });
    expect(
      (await t.call('GET', `/api/v1/customers/${customer.id}`, a.portal.token)).json().id,
    ).toBe(customer.id);
    expectProblem(await t.call('GET', `/api/v1/customers/${other.id}`, a.portal.token), 404);
    expectProblem(await t.call('GET', '/api/v1/customers', a.portal.token), 403);
    expectProblem(
      await t.call('PATCH', `/api/v1/customers/${customer.id}`, a.portal.token, {
        companyName: 'Mine',
      }),
      403,
    );

    const before = await counts();
    // one login, one profile
    expectProblem(
      await t.call('POST', `/api/v1/customers/${other.id}/portal-user`, a.dispatcher.token, {
        userId: a.portal.id,
      }),
      409,
      'userId',
    );
    // not a member of this tenant, or no such account: the same 422
    expectProblem(
      await t.call('POST', `/api/v1/customers/${other.id}/portal-user`, a.dispatcher.token, {
        userId: b.dispatcher.id,
      }),
      422,
      'userId',
    );
    expectProblem(
      await t.call('POST', `/api/v1/customers/${other.id}/portal-user`, a.dispatcher.token, {
        userId: UNKNOWN,
      }),
      422,
      'userId',
    );
    expect(await counts()).toEqual(before);

    const unlinked = await t.call('DELETE', url, a.dispatcher.token);
    expect(unlinked.json()).toMatchObject({ userId: null, version: 3 });
    expectProblem(await t.call('DELETE', url, a.dispatcher.token), 409);
    expectProblem(await t.call('GET', `/api/v1/customers/${customer.id}`, a.portal.token), 403);
    const events = await ledger(customer.id);
    expect(events.slice(1).map((e) => [e.event_type, e.previous])).toEqual([
      ['field-service.customer.portal-user-linked.v1', { userId: null }],
      ['field-service.customer.portal-user-unlinked.v1', { userId: a.portal.id }],
    ]);
  });

  it('moves through suspend, reinstate, deactivate, reactivate; an illegal move is a 409 with allowedTransitions', async () => {
    const customer = await createCustomer(a.dispatcher.token);
    const url = `/api/v1/customers/${customer.id}`;
    expect((await t.call('POST', `${url}/suspend`, a.dispatcher.token)).json()).toMatchObject({
      status: 'suspended',
      isActive: true,
      version: 2,
    });
    const before = await counts();
    const refused = await t.call('POST', `${url}/suspend`, a.dispatcher.token);
    expectProblem(refused, 409);
    expect(refused.json()).toMatchObject({
      code: 'CUSTOMER.INVALID_TRANSITION',
      allowedTransitions: ['reinstate', 'deactivate'],
    });
    expect(await counts()).toEqual(before);
    expect((await t.call('POST', `${url}/reinstate`, a.dispatcher.token)).json().status).toBe(
      'active',
    );
    const off = await t.call('POST', `${url}/deactivate`, a.dispatcher.token, undefined, {
      'if-match': '"v3"',
    });
    expect(off.json()).toMatchObject({ status: 'inactive', isActive: false, version: 4 });
    expectProblem(
      await t.call('POST', `${url}/reactivate`, a.dispatcher.token, undefined, {
        'if-match': '"v3"',
      }),
      412,
    );
    expect((await t.call('POST', `${url}/reactivate`, a.dispatcher.token)).json()).toMatchObject({
      status: 'active',
      isActive: true,
    });
    const events = await ledger(customer.id);
    expect(events[3]).toMatchObject({
      event_type: 'field-service.customer.deactivated.v1',
      payload: { isActive: false },
      previous: { isActive: true, status: 'active' },
    });
  });

  it('deletes a customer nothing refers to, and refuses one with a work order (409, nothing written)', async () => {
    const lone = await createCustomer(a.dispatcher.token);
    expect(
      (await t.call('DELETE', `/api/v1/customers/${lone.id}`, a.dispatcher.token)).statusCode,
    ).toBe(204);
    expectProblem(await t.call('GET', `/api/v1/customers/${lone.id}`, a.dispatcher.token), 404);
    expect((await ledger(lone.id)).map((e) => e.event_type)).toEqual([
      'field-service.customer.created.v1',
      'field-service.customer.deleted.v1',
    ]);

    const busy = await createCustomer(a.dispatcher.token);
    expect(
      (
        await t.call('POST', '/api/v1/work-orders', a.dispatcher.token, {
          title: 'Leak',
          customerId: busy.id,
        })
      ).statusCode,
    ).toBe(201);
    const before = await counts();
    const refused = await t.call('DELETE', `/api/v1/customers/${busy.id}`, a.dispatcher.token);
    expectProblem(refused, 409);
    expect(refused.json().code).toBe('CUSTOMER.IN_USE');
    expect(await counts()).toEqual(before);
  });

  it('another tenant’s customer is a 404 for every route; nothing is written', async () => {
    const customer = await createCustomer(a.dispatcher.token);
    const url = `/api/v1/customers/${customer.id}`;
    const before = await counts();
    const token = b.dispatcher.token;
    expectProblem(await t.call('GET', url, token), 404);
    expectProblem(await t.call('PATCH', url, token, { companyName: 'Taken over' }), 404);
    expectProblem(await t.call('DELETE', url, token), 404);
    expectProblem(
      await t.call('POST', `${url}/portal-user`, token, { userId: b.dispatcher.id }),
      404,
    );
    expectProblem(await t.call('DELETE', `${url}/portal-user`, token), 404);
    for (const action of ['suspend', 'reinstate', 'deactivate', 'reactivate'])
      expectProblem(await t.call('POST', `${url}/${action}`, token), 404);
    expect(
      (await t.call('GET', '/api/v1/customers', token))
        .json()
        .items.map((c: { id: string }) => c.id),
    ).not.toContain(customer.id);
    expect(await counts()).toEqual(before);
  });

  it('admin endpoints are for dispatchers: members get 403, no token 401; nothing is written', async () => {
    const customer = await createCustomer(a.dispatcher.token);
    const url = `/api/v1/customers/${customer.id}`;
    const before = await counts();
    expectProblem(
      await t.call('POST', '/api/v1/customers', a.member.token, { email: 'm@x.example' }),
      403,
    );
    expectProblem(await t.call('GET', '/api/v1/customers', a.member.token), 403);
    expectProblem(await t.call('PATCH', url, a.member.token, { companyName: 'X' }), 403);
    expectProblem(await t.call('DELETE', url, a.member.token), 403);
    expectProblem(await t.call('POST', `${url}/deactivate`, a.member.token), 403);
    expectProblem(
      await t.call('POST', `${url}/portal-user`, a.member.token, { userId: a.member.id }),
      403,
    );
    expectProblem(await t.call('GET', url, a.member.token), 403);
    expectProblem(await t.call('GET', '/api/v1/customers', null), 401);
    expectProblem(await t.call('POST', '/api/v1/customers', admin, { email: 'x@y.example' }), 403);
    expect(await counts()).toEqual(before);
  });

  describe('bad input is a 4xx problem naming the field, and nothing is written', () => {
    it.each([
      ['malformed JSON', '{"email": "x@y.example", ', undefined],
      ['unknown field', { email: 'x@y.example', tenantId: UNKNOWN }, 'tenantId'],
      ['wrong type', { email: 42 }, 'email'],
      ['invalid email', { email: 'not-an-email' }, 'email'],
      [
        'over-long company name',
        { email: 'x@y.example', companyName: 'x'.repeat(256) },
        'companyName',
      ],
      ['bad phone', { email: 'x@y.example', phone: 'call me' }, 'phone'],
      [
        'address with an unknown key',
        { email: 'x@y.example', billingAddress: { ...ADDRESS, planet: 'Mars' } },
        'billingAddress.planet',
      ],
      [
        'address missing a part',
        { email: 'x@y.example', billingAddress: { street: '1 Road', country: 'US' } },
        'billingAddress.city',
      ],
      [
        'address of the wrong type',
        { email: 'x@y.example', serviceAddress: '12 Harbour Road' },
        'serviceAddress',
      ],
      [
        'address as an array',
        { email: 'x@y.example', serviceAddress: [ADDRESS] },
        'serviceAddress',
      ],
      [
        'over-long street',
        { email: 'x@y.example', serviceAddress: { ...ADDRESS, street: 'x'.repeat(256) } },
        'serviceAddress.street',
      ],
      [
        'bad country',
        { email: 'x@y.example', serviceAddress: { ...ADDRESS, country: 'usa' } },
        'serviceAddress.country',
      ],
      [
        'blank street',
        { email: 'x@y.example', serviceAddress: { ...ADDRESS, street: '   ' } },
        'serviceAddress.street',
      ],
    ])('POST /customers with %s', async (_name, payload, field) => {
      const before = await counts();
      expectProblem(
        await t.call('POST', '/api/v1/customers', a.dispatcher.token, payload),
        400,
        field,
      );
      expect(await counts()).toEqual(before);
    });

    it('PATCH, portal-user and path parameters', async () => {
      const customer = await createCustomer(a.dispatcher.token);
      const url = `/api/v1/customers/${customer.id}`;
      const before = await counts();
      expectProblem(await t.call('PATCH', url, a.dispatcher.token, '{"email": '), 400);
      expectProblem(
        await t.call('PATCH', url, a.dispatcher.token, { status: 'inactive' }),
        400,
        'status',
      );
      expectProblem(await t.call('PATCH', url, a.dispatcher.token, { email: null }), 400, 'email');
      expectProblem(
        await t.call('PATCH', url, a.dispatcher.token, {
          billingAddress: { ...ADDRESS, zip: '1' },
        }),
        400,
        'billingAddress.zip',
      );
      expectProblem(
        await t.call('POST', `${url}/portal-user`, a.dispatcher.token, { userId: 'nope' }),
        400,
        'userId',
      );
      expectProblem(
        await t.call('POST', `${url}/portal-user`, a.dispatcher.token, {}),
        400,
        'userId',
      );
      expectProblem(
        await t.call('GET', '/api/v1/customers/not-a-uuid', a.dispatcher.token),
        400,
        'id',
      );
      expectProblem(
        await t.call('PATCH', '/api/v1/customers/not-a-uuid', a.dispatcher.token, {
          companyName: 'X',
        }),
        400,
        'id',
      );
      expectProblem(
        await t.call('DELETE', '/api/v1/customers/not-a-uuid', a.dispatcher.token),
        400,
        'id',
      );
      expectProblem(
        await t.call('POST', '/api/v1/customers/not-a-uuid/suspend', a.dispatcher.token),
        400,
        'id',
      );
      expectProblem(await t.call('GET', `/api/v1/customers/${UNKNOWN}`, a.dispatcher.token), 404);
      expect(await counts()).toEqual(before);
    });

    it('list queries', async () => {
      for (const [query, field] of [
        ['limit=0', 'limit'],
        ['limit=101', 'limit'],
        ['bogus=1', 'bogus'],
        ['cursor=%21%21', 'cursor'],
        ['cursor=abc', 'cursor'],
        ['sort=phone', 'sort'],
        ['order=up', 'order'],
        ['status=gone', 'status'],
        ['isActive=maybe', 'isActive'],
        [`q=${'x'.repeat(101)}`, 'q'],
      ]) {
        expectProblem(
          await t.call('GET', `/api/v1/customers?${query}`, a.dispatcher.token),
          400,
          field,
        );
      }
    });
  });
});
