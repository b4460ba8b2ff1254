import { superuserClient } from '@opsledger/testing';
import { createTenantWithMembers, TenantMember } from '../support/tenant-fixture';
import { createTestApp, TestApp } from '../support/test-app';

type Res = { statusCode: number; headers: Record<string, unknown>; json(): any };
const UNKNOWN = '0b7c3c5e-4f1a-4c55-9d1e-5a7a4d6f0c11';

describe('technicians (e2e)', () => {
  let t: TestApp;
  let admin: string;
  let seq = 0;
  let a: Record<'dispatcher' | 'member' | 'field' | 'field2', TenantMember>;
  let b: Record<'dispatcher', TenantMember>;

  const expectProblem = (res: Res, status: number, field?: string) => {
    expect(res.statusCode).toBe(status);
    expect(String(res.headers['content-type'])).toContain('application/problem+json');
    expect(res.json().status).toBe(status);
    if (field) expect(res.json().errors.map((e: { field: string }) => e.field)).toContain(field);
  };
  const counts = async () => {
    const c = await superuserClient(t.db.url);
    const r = await c.query(`SELECT (SELECT count(*)::int FROM technicians) AS technicians,
      (SELECT count(*)::int FROM event_store WHERE stream_type = 'technician') AS events`);
    await c.end();
    return r.rows[0] as { technicians: number; events: number };
  };
  const createTechnician = async (token: string, body: Record<string, unknown> = {}) => {
    const res = await t.call('POST', '/api/v1/technicians', token, {
      licenseNumber: `LIC-${++seq}`,
      firstName: 'Jane',
      lastName: `Rivera${seq}`,
      ...body,
    });
    expect(res.statusCode).toBe(201);
    return res.json() as { id: string; licenseNumber: string; version: number };
  };
  const ids = (res: Res) => res.json().items.map((x: { id: string }) => x.id);

  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.loginAsAdmin();
    a = (
      await createTenantWithMembers(t, admin, {
        dispatcher: 'dispatcher',
        member: 'member',
        field: 'member',
        field2: 'member',
      })
    ).members;
    b = (await createTenantWithMembers(t, admin, { dispatcher: 'dispatcher' })).members;
  });
  afterAll(() => t.close());

  it('a dispatcher creates a technician: exact money, normalised skills, validated certifications', async () => {
    const res = await t.call('POST', '/api/v1/technicians', a.dispatcher.token, {
      licenseNumber: 'HVAC-2031-0042',
      firstName: 'Jane',
      lastName: 'Rivera',
      email: 'Jane@Crew.Example',
      phone: '+1 503 555 0199',
      hourlyRate: '85.5',
      skills: ['HVAC', 'electrical', 'hvac'],
      certifications: [
        { name: 'EPA 608 Universal', issuer: 'US EPA', expiresOn: '2031-06-30' },
        { name: 'OSHA 10' },
      ],
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      licenseNumber: 'HVAC-2031-0042',
      email: 'jane@crew.example',
      hourlyRate: '85.50',
      skills: ['hvac', 'electrical'],
      certifications: [
        { name: 'EPA 608 Universal', issuer: 'US EPA', expiresOn: '2031-06-30' },
        { name: 'OSHA 10', issuer: null, expiresOn: null },
      ],
      status: 'active',
      availability: 'available',
      isActive: true,
      version: 1,
    });
    expect(res.headers.location).toBe(`/api/v1/technicians/${res.json().id}`);
    expect(res.headers.etag).toBe('"v1"');
    expect((await createTechnician(a.dispatcher.token)).version).toBe(1);
  });

  it('the licence number is unique per tenant (409 naming licenseNumber, nothing written)', async () => {
    const { licenseNumber, id } = await createTechnician(a.dispatcher.token);
    await createTechnician(b.dispatcher.token, { licenseNumber });
    const other = await createTechnician(a.dispatcher.token);
    const before = await counts();
    expectProblem(
      await t.call('POST', '/api/v1/technicians', a.dispatcher.token, {
        licenseNumber,
        firstName: 'A',
        lastName: 'B',
      }),
      409,
      'licenseNumber',
    );
    expectProblem(
      await t.call('PATCH', `/api/v1/technicians/${other.id}`, a.dispatcher.token, {
        licenseNumber,
      }),
      409,
      'licenseNumber',
    );
    expect(await counts()).toEqual(before);
    expect(
      (await t.call('PATCH', `/api/v1/technicians/${id}`, a.dispatcher.token, { licenseNumber }))
        .statusCode,
    ).toBe(200);
  });

  it('PATCH changes rate, skills, certifications with If-Match (412 when stale); the ledger has old and new values', async () => {
    const tech = await createTechnician(a.dispatcher.token, {
      hourlyRate: '80.00',
      skills: ['hvac'],
    });
    const url = `/api/v1/technicians/${tech.id}`;
    const res = await t.call(
      'PATCH',
      url,
      a.dispatcher.token,
      { hourlyRate: '92.25', skills: ['hvac', 'Plumbing'], certifications: [{ name: 'Gas Safe' }] },
      { 'if-match': '"v1"' },
    );
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      hourlyRate: '92.25',
      skills: ['hvac', 'plumbing'],
      version: 2,
    });
    const before = await counts();
    expectProblem(
      await t.call(
        'PATCH',
        url,
        a.dispatcher.token,
        { hourlyRate: '1.00' },
        { 'if-match': '"v1"' },
      ),
      412,
    );
    expect(await counts()).toEqual(before);
    const c = await superuserClient(t.db.url);
    const events = await c.query(
      `SELECT payload, metadata->'previous' AS previous FROM event_store WHERE stream_id = $1 AND stream_version = 2`,
      [tech.id],
    );
    await c.end();
    expect(await t.reveal(events.rows[0])).toEqual({
      payload: {
        hourlyRate: '92.25',
        skills: ['hvac', 'plumbing'],
        certifications: [{ name: 'Gas Safe', issuer: null, expiresOn: null }],
      },
      previous: { hourlyRate: '80.00', skills: ['hvac'], certifications: [] },
    });
  });

  it('a linked technician reads its own profile and sets its own availability, nothing else', async () => {
    const tech = await createTechnician(a.dispatcher.token);
    const other = await createTechnician(a.dispatcher.token);
    expect(
      (
        await t.call('POST', `/api/v1/technicians/${tech.id}/portal-user`, a.dispatcher.token, {
          userId: a.field.id,
        })
      ).json().userId,
    ).toBe(a.field.id);
    expect((await t.call('GET', `/api/v1/technicians/${tech.id}`, a.field.token)).statusCode).toBe(
      200,
    );
    const busy = await t.call('PUT', `/api/v1/technicians/${tech.id}/availability`, a.field.token, {
      availability: 'busy',
    });
    expect(busy.statusCode).toBe(200);
    expect(busy.json()).toMatchObject({ availability: 'busy', version: 3 });
    const before = await counts();
    expectProblem(await t.call('GET', `/api/v1/technicians/${other.id}`, a.field.token), 404);
    expectProblem(
      await t.call('PUT', `/api/v1/technicians/${other.id}/availability`, a.field.token, {
        availability: 'busy',
      }),
      404,
    );
    expectProblem(
      await t.call('PATCH', `/api/v1/technicians/${tech.id}`, a.field.token, {
        hourlyRate: '999.00',
      }),
      403,
    );
    expectProblem(await t.call('GET', '/api/v1/technicians', a.field.token), 403);
    expectProblem(
      await t.call('POST', `/api/v1/technicians/${tech.id}/start-leave`, a.field.token),
      403,
    );
    // one login, one profile; a stranger to the tenant is a 422
    expectProblem(
      await t.call('POST', `/api/v1/technicians/${other.id}/portal-user`, a.dispatcher.token, {
        userId: a.field.id,
      }),
      409,
      'userId',
    );
    expectProblem(
      await t.call('POST', `/api/v1/technicians/${other.id}/portal-user`, a.dispatcher.token, {
        userId: b.dispatcher.id,
      }),
      422,
      'userId',
    );
    expect(await counts()).toEqual(before);
    expect(
      (
        await t.call('DELETE', `/api/v1/technicians/${tech.id}/portal-user`, a.dispatcher.token)
      ).json().userId,
    ).toBeNull();
    expectProblem(await t.call('GET', `/api/v1/technicians/${tech.id}`, a.field.token), 403);
  });

  it('goes on leave and back, is deactivated and reactivated; an illegal move is a 409 with allowedTransitions', async () => {
    const tech = await createTechnician(a.dispatcher.token);
    const url = `/api/v1/technicians/${tech.id}`;
    expect((await t.call('POST', `${url}/start-leave`, a.dispatcher.token)).json()).toMatchObject({
      status: 'on_leave',
      isActive: true,
    });
    const refused = await t.call('POST', `${url}/reactivate`, a.dispatcher.token);
    expectProblem(refused, 409);
    expect(refused.json()).toMatchObject({
      code: 'TECHNICIAN.INVALID_TRANSITION',
      allowedTransitions: ['end-leave', 'deactivate'],
    });
    expect((await t.call('POST', `${url}/deactivate`, a.dispatcher.token)).json()).toMatchObject({
      status: 'inactive',
      isActive: false,
    });
    expect(
      (
        await t.call('POST', `${url}/reactivate`, a.dispatcher.token, undefined, {
          'if-match': '"v3"',
        })
      ).json(),
    ).toMatchObject({
      status: 'active',
      isActive: true,
      version: 4,
    });
    expect((await t.call('POST', `${url}/start-leave`, a.dispatcher.token)).statusCode).toBe(200);
    expect((await t.call('POST', `${url}/end-leave`, a.dispatcher.token)).json().status).toBe(
      'active',
    );
  });

  it('searches by skill and by a free time window, excluding technicians with an overlapping active work order', async () => {
    const fixture = await createTenantWithMembers(t, admin, { dispatcher: 'dispatcher' });
    const token = fixture.members.dispatcher.token;
    const free = await createTechnician(token, { skills: ['hvac'], lastName: 'Free' });
    const booked = await createTechnician(token, { skills: ['HVAC', 'gas'], lastName: 'Booked' });
    const plumber = await createTechnician(token, { skills: ['plumbing'], lastName: 'Plumber' });
    const away = await createTechnician(token, { skills: ['hvac'], lastName: 'Away' });
    await t.call('POST', `/api/v1/technicians/${away.id}/start-leave`, token);
    const customer = (
      await t.call('POST', '/api/v1/customers', token, { email: 'search@acme.example' })
    ).json();
    const order = (
      await t.call('POST', '/api/v1/work-orders', token, {
        title: 'Furnace',
        customerId: customer.id,
      })
    ).json();
    const assigned = await t.call('POST', `/api/v1/work-orders/${order.id}/assign`, token, {
      assignedTechnicianId: booked.id,
      scheduledStart: '2030-03-01T09:00:00Z',
      scheduledEnd: '2030-03-01T12:00:00Z',
    });
    expect(assigned.statusCode).toBe(200);

    expect(ids(await t.call('GET', '/api/v1/technicians?skill=HVAC&sort=lastName', token))).toEqual(
      [away.id, booked.id, free.id],
    );
    const overlapping = await t.call(
      'GET',
      '/api/v1/technicians?skill=hvac&availableFrom=2030-03-01T11:00:00Z&availableTo=2030-03-01T13:00:00Z&sort=lastName',
      token,
    );
    expect(overlapping.statusCode).toBe(200);
    expect(ids(overlapping)).toEqual([free.id]);
    // half-open ranges: a window starting when the booking ends is free
    expect(
      ids(
        await t.call(
          'GET',
          '/api/v1/technicians?skill=hvac&availableFrom=2030-03-01T12:00:00Z&availableTo=2030-03-01T13:00:00Z&sort=lastName',
          token,
        ),
      ),
    ).toEqual([booked.id, free.id]);
    expect(
      ids(
        await t.call(
          'GET',
          '/api/v1/technicians?availableFrom=2030-03-01T08:00:00Z&availableTo=2030-03-01T10:00:00Z&sort=lastName',
          token,
        ),
      ),
    ).toEqual([free.id, plumber.id]);
    // a cancelled order frees the technician
    await t.call('POST', `/api/v1/work-orders/${order.id}/cancel`, token);
    expect(
      ids(
        await t.call(
          'GET',
          '/api/v1/technicians?skill=hvac&availableFrom=2030-03-01T11:00:00Z&availableTo=2030-03-01T13:00:00Z&sort=lastName',
          token,
        ),
      ),
    ).toEqual([booked.id, free.id]);
    await t.call('PUT', `/api/v1/technicians/${free.id}/availability`, token, {
      availability: 'off_duty',
    });
    expect(ids(await t.call('GET', '/api/v1/technicians?availability=off_duty', token))).toEqual([
      free.id,
    ]);
    expect(ids(await t.call('GET', '/api/v1/technicians?status=on_leave', token))).toEqual([
      away.id,
    ]);
    expect(ids(await t.call('GET', '/api/v1/technicians?q=plumb', token))).toEqual([plumber.id]);
    const page1 = await t.call(
      'GET',
      '/api/v1/technicians?limit=3&sort=lastName&order=desc',
      token,
    );
    const page2 = await t.call(
      'GET',
      `/api/v1/technicians?limit=3&sort=lastName&order=desc&cursor=${page1.json().nextCursor}`,
      token,
    );
    expect([...ids(page1), ...ids(page2)]).toEqual([plumber.id, free.id, booked.id, away.id]);
    expect(page2.json().nextCursor).toBeNull();
  });

  it('deletes a technician no work order refers to; refuses one that has (409, nothing written)', async () => {
    const lone = await createTechnician(a.dispatcher.token);
    expect(
      (await t.call('DELETE', `/api/v1/technicians/${lone.id}`, a.dispatcher.token)).statusCode,
    ).toBe(204);
    expectProblem(await t.call('GET', `/api/v1/technicians/${lone.id}`, a.dispatcher.token), 404);
    const busy = await createTechnician(a.dispatcher.token);
    const customer = (
      await t.call('POST', '/api/v1/customers', a.dispatcher.token, {
        email: 'del-tech@acme.example',
      })
    ).json();
    const order = (
      await t.call('POST', '/api/v1/work-orders', a.dispatcher.token, {
        title: 'Job',
        customerId: customer.id,
      })
    ).json();
    await t.call('POST', `/api/v1/work-orders/${order.id}/assign`, a.dispatcher.token, {
      assignedTechnicianId: busy.id,
      scheduledStart: '2030-04-01T09:00:00Z',
      scheduledEnd: '2030-04-01T10:00:00Z',
    });
    const before = await counts();
    const refused = await t.call('DELETE', `/api/v1/technicians/${busy.id}`, a.dispatcher.token);
    expectProblem(refused, 409);
    expect(refused.json().code).toBe('TECHNICIAN.IN_USE');
    expect(await counts()).toEqual(before);
  });

  it('another tenant’s technician is a 404 for every route; members are refused (403); nothing is written', async () => {
    const tech = await createTechnician(a.dispatcher.token);
    const url = `/api/v1/technicians/${tech.id}`;
    const before = await counts();
    const token = b.dispatcher.token;
    expectProblem(await t.call('GET', url, token), 404);
    expectProblem(await t.call('PATCH', url, token, { firstName: 'X' }), 404);
    expectProblem(await t.call('DELETE', url, token), 404);
    expectProblem(await t.call('PUT', `${url}/availability`, token, { availability: 'busy' }), 404);
    expectProblem(
      await t.call('POST', `${url}/portal-user`, token, { userId: b.dispatcher.id }),
      404,
    );
    expectProblem(await t.call('DELETE', `${url}/portal-user`, token), 404);
    for (const action of ['start-leave', 'end-leave', 'deactivate', 'reactivate'])
      expectProblem(await t.call('POST', `${url}/${action}`, token), 404);
    expect(ids(await t.call('GET', '/api/v1/technicians', token))).not.toContain(tech.id);
    expectProblem(
      await t.call('POST', '/api/v1/technicians', a.member.token, {
        licenseNumber: 'X-1',
        firstName: 'A',
        lastName: 'B',
      }),
      403,
    );
    expectProblem(await t.call('GET', url, a.member.token), 403);
    expectProblem(
      await t.call('PUT', `${url}/availability`, a.member.token, { availability: 'busy' }),
      403,
    );
    expectProblem(await t.call('GET', '/api/v1/technicians', null), 401);
    expect(await counts()).toEqual(before);
  });

  describe('bad input is a 4xx problem naming the field, and nothing is written', () => {
    const base = { licenseNumber: 'BAD-1', firstName: 'Jane', lastName: 'Rivera' };
    it.each([
      ['malformed JSON', '{"licenseNumber": ', undefined],
      ['unknown field', { ...base, tenantId: UNKNOWN }, 'tenantId'],
      ['wrong type', { ...base, firstName: 7 }, 'firstName'],
      ['over-long name', { ...base, lastName: 'x'.repeat(101) }, 'lastName'],
      ['missing licence', { firstName: 'Jane', lastName: 'Rivera' }, 'licenseNumber'],
      ['bad licence', { ...base, licenseNumber: 'has spaces' }, 'licenseNumber'],
      ['money as a number', { ...base, hourlyRate: 85.5 }, 'hourlyRate'],
      ['money with three decimals', { ...base, hourlyRate: '85.505' }, 'hourlyRate'],
      ['negative money', { ...base, hourlyRate: '-1.00' }, 'hourlyRate'],
      ['money too large', { ...base, hourlyRate: '123456789.00' }, 'hourlyRate'],
      ['skills not an array', { ...base, skills: 'hvac' }, 'skills'],
      ['a skill not a string', { ...base, skills: ['hvac', 3] }, 'skills'],
      ['over-long skill', { ...base, skills: ['x'.repeat(51)] }, 'skills'],
      ['a skill with odd characters', { ...base, skills: ['h<v>ac'] }, 'skills.0'],
      [
        'too many skills',
        { ...base, skills: Array.from({ length: 51 }, (_, i) => `s${i}`) },
        'skills',
      ],
      [
        'certification with an unknown key',
        { ...base, certifications: [{ name: 'EPA', level: 3 }] },
        'certifications.0.level',
      ],
      [
        'certification without a name',
        { ...base, certifications: [{ issuer: 'EPA' }] },
        'certifications.0.name',
      ],
      [
        'certification with an impossible date',
        { ...base, certifications: [{ name: 'EPA', expiresOn: '2031-02-30' }] },
        'certifications.0.expiresOn',
      ],
      [
        'certification with a date-time',
        { ...base, certifications: [{ name: 'EPA', expiresOn: '2031-02-03T00:00:00Z' }] },
        'certifications.0.expiresOn',
      ],
      [
        'certifications not an array',
        { ...base, certifications: { name: 'EPA' } },
        'certifications',
      ],
      ['bad email', { ...base, email: 'nope' }, 'email'],
    ])('POST /technicians with %s', async (_name, payload, field) => {
      const before = await counts();
      expectProblem(
        await t.call('POST', '/api/v1/technicians', a.dispatcher.token, payload),
        400,
        field,
      );
      expect(await counts()).toEqual(before);
    });

    it('PATCH, availability, portal-user and path parameters', async () => {
      const tech = await createTechnician(a.dispatcher.token);
      const url = `/api/v1/technicians/${tech.id}`;
      const before = await counts();
      expectProblem(
        await t.call('PATCH', url, a.dispatcher.token, { hourlyRate: 'ten' }),
        400,
        'hourlyRate',
      );
      expectProblem(
        await t.call('PATCH', url, a.dispatcher.token, { firstName: null }),
        400,
        'firstName',
      );
      expectProblem(
        await t.call('PATCH', url, a.dispatcher.token, { status: 'on_leave' }),
        400,
        'status',
      );
      expectProblem(
        await t.call('PUT', `${url}/availability`, a.dispatcher.token, { availability: 'asleep' }),
        400,
        'availability',
      );
      expectProblem(
        await t.call('PUT', `${url}/availability`, a.dispatcher.token, {}),
        400,
        'availability',
      );
      expectProblem(
        await t.call('POST', `${url}/portal-user`, a.dispatcher.token, { userId: 12 }),
        400,
        'userId',
      );
      expectProblem(await t.call('GET', '/api/v1/technicians/123', a.dispatcher.token), 400, 'id');
      expectProblem(
        await t.call('PUT', '/api/v1/technicians/123/availability', a.dispatcher.token, {
          availability: 'busy',
        }),
        400,
        'id',
      );
      expectProblem(await t.call('GET', `/api/v1/technicians/${UNKNOWN}`, a.dispatcher.token), 404);
      expect(await counts()).toEqual(before);
    });

    it('list queries', async () => {
      for (const [query, field] of [
        ['availableFrom=2030-01-01T10:00:00Z', 'availableTo'],
        ['availableTo=2030-01-01T10:00:00Z', 'availableFrom'],
        ['availableFrom=2030-01-01T10:00:00Z&availableTo=2030-01-01T09:00:00Z', 'availableTo'],
        ['availableFrom=yesterday&availableTo=2030-01-01T09:00:00Z', 'availableFrom'],
        ['availableFrom=2030-02-30T10:00:00Z&availableTo=2030-03-01T09:00:00Z', 'availableFrom'],
        ['availability=asleep', 'availability'],
        ['status=retired', 'status'],
        ['sort=hourlyRate', 'sort'],
        ['limit=500', 'limit'],
        ['cursor=abc', 'cursor'],
        ['nope=1', 'nope'],
      ]) {
        expectProblem(
          await t.call('GET', `/api/v1/technicians?${query}`, a.dispatcher.token),
          400,
          field,
        );
      }
    });
  });
});
