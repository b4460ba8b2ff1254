import { ContractExpiryJob } from '../../src/modules/field-service/application/jobs/contract-expiry.job';
import { createTestApp, TestApp } from '../support/test-app';
import {
  billingCounts,
  BillingTenant,
  createBillingTenant,
  expectProblem,
  expectStatus,
  superuserQuery,
  UNKNOWN_ID,
} from './billing.fixture';

describe('contracts (e2e)', () => {
  let t: TestApp;
  let admin: string;
  let a: BillingTenant;
  let b: BillingTenant;
  let seq = 0;

  const body = (tenant: BillingTenant, over: Record<string, unknown> = {}) => ({
    contractNumber: `CON-2026-${String(++seq).padStart(4, '0')}`,
    customerId: tenant.customerId,
    startDate: '2026-01-01',
    endDate: '2030-12-31',
    value: '12000.00',
    billingCycle: 'monthly',
    ...over,
  });
  const create = async (tenant: BillingTenant, over: Record<string, unknown> = {}) =>
    expectStatus(
      await t.call('POST', '/api/v1/contracts', tenant.dispatcher.token, body(tenant, over)),
      201,
    );
  const act = (
    tenant: BillingTenant,
    id: string,
    action: string,
    headers?: Record<string, string>,
  ) =>
    t.call(
      'POST',
      `/api/v1/contracts/${id}/${action}`,
      tenant.dispatcher.token,
      undefined,
      headers,
    );
  const expiredEvents = (ids: string[]) =>
    superuserQuery(
      t,
      `SELECT stream_id, metadata->>'actorType' AS "actorType", tenant_id FROM event_store
        WHERE event_type = 'field-service.contract.expired.v1' AND stream_id = ANY($1::text[])`,
      [ids],
    );

  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.loginAsAdmin();
    [a, b] = await Promise.all([
      createBillingTenant(t, admin),
      createBillingTenant(t, admin, false),
    ]);
  });
  afterAll(() => t.close());

  describe('create and read', () => {
    it('a dispatcher drafts a contract: value as an exact string, dates as dates, Location and ETag', async () => {
      const res = await t.call(
        'POST',
        '/api/v1/contracts',
        a.dispatcher.token,
        body(a, {
          contractNumber: 'CON-2026-A1',
          value: '0.30',
          terms: ' Net 30 ',
          billingCycle: 'quarterly',
        }),
      );
      const contract = expectStatus(res, 201);
      expect(contract).toMatchObject({
        contractNumber: 'CON-2026-A1',
        customerId: a.customerId,
        startDate: '2026-01-01',
        endDate: '2030-12-31',
        terms: 'Net 30',
        value: '0.30',
        billingCycle: 'quarterly',
        status: 'draft',
        isActive: true,
        version: 1,
      });
      expect(res.headers.location).toBe(`/api/v1/contracts/${contract.id}`);
      expect(res.headers.etag).toBe('"v1"');
      expect(
        expectStatus(
          await t.call('GET', `/api/v1/contracts/${contract.id}`, a.dispatcher.token),
          200,
        ),
      ).toEqual(contract);
    });

    it('contractNumber is unique per tenant: a 409 naming it (even under a race), fine in another tenant; nothing is written', async () => {
      const { contractNumber } = await create(a);
      await create(b, { contractNumber });
      const before = await billingCounts(t);
      expectProblem(
        await t.call('POST', '/api/v1/contracts', a.dispatcher.token, body(a, { contractNumber })),
        409,
        'contractNumber',
      );
      expect(await billingCounts(t)).toEqual(before);
      const racing = body(a);
      const results = await Promise.all(
        [0, 1, 2].map(() => t.call('POST', '/api/v1/contracts', a.dispatcher.token, racing)),
      );
      expect(results.map((r) => r.statusCode).sort()).toEqual([201, 409, 409]);
      for (const refused of results.filter((r) => r.statusCode === 409))
        expectProblem(refused, 409, 'contractNumber');
    });

    it('endDate must be after startDate (422 naming endDate); an unknown or foreign customer is a 422 naming customerId', async () => {
      const before = await billingCounts(t);
      expectProblem(
        await t.call(
          'POST',
          '/api/v1/contracts',
          a.dispatcher.token,
          body(a, { endDate: '2026-01-01' }),
        ),
        422,
        'endDate',
      );
      expectProblem(
        await t.call(
          'POST',
          '/api/v1/contracts',
          a.dispatcher.token,
          body(a, { endDate: '2025-06-30' }),
        ),
        422,
        'endDate',
      );
      expectProblem(
        await t.call(
          'POST',
          '/api/v1/contracts',
          a.dispatcher.token,
          body(a, { customerId: UNKNOWN_ID }),
        ),
        422,
        'customerId',
      );
      expectProblem(
        await t.call(
          'POST',
          '/api/v1/contracts',
          a.dispatcher.token,
          body(a, { customerId: b.customerId }),
        ),
        422,
        'customerId',
      );
      expect(await billingCounts(t)).toEqual(before);
    });

    it('lists with filters, sorts and a cursor', async () => {
      const tenant = await createBillingTenant(t, admin, false);
      const made = [];
      for (const [endDate, cycle, value] of [
        ['2027-01-31', 'monthly', '300.00'],
        ['2028-01-31', 'annually', '100.00'],
        ['2029-01-31', 'monthly', '200.00'],
      ] as const) {
        made.push(await create(tenant, { endDate, billingCycle: cycle, value }));
      }
      expectStatus(await act(tenant, made[1].id, 'activate'), 200);
      const list = async (query: string) =>
        expectStatus(
          await t.call('GET', `/api/v1/contracts?${query}`, tenant.dispatcher.token),
          200,
        );
      const ids = (page: { items: Array<{ id: string }> }) => page.items.map((c) => c.id);
      expect(ids(await list('sort=endDate'))).toEqual(made.map((m) => m.id));
      expect(ids(await list('sort=-value'))).toEqual([made[0].id, made[2].id, made[1].id]);
      expect(ids(await list('status=active'))).toEqual([made[1].id]);
      expect(ids(await list('billingCycle=monthly&sort=endDate'))).toEqual([
        made[0].id,
        made[2].id,
      ]);
      expect(ids(await list('endsAfter=2027-01-31&endsBefore=2029-01-31'))).toEqual([made[1].id]);
      const first = await list('sort=contractNumber&limit=2');
      const second = await list(`sort=contractNumber&limit=2&cursor=${first.nextCursor}`);
      expect(second.nextCursor).toBeNull();
      expect([...ids(first), ...ids(second)]).toEqual(made.map((m) => m.id));
    });
  });

  describe('lifecycle', () => {
    it('draft → active → terminated, each step in the ledger with the previous status; illegal moves are 409s with allowedTransitions', async () => {
      const contract = await create(a);
      const activated = expectStatus(
        await act(a, contract.id, 'activate', { 'if-match': '"v1"' }),
        200,
      );
      expect(activated).toMatchObject({ status: 'active', version: 2 });
      const before = await billingCounts(t);
      const again = await act(a, contract.id, 'activate');
      expectProblem(again, 409);
      expect(again.json()).toMatchObject({
        code: 'CONTRACT.INVALID_TRANSITION',
        allowedTransitions: ['expire', 'terminate'],
      });
      expect(await billingCounts(t)).toEqual(before);
      expect(expectStatus(await act(a, contract.id, 'terminate'), 200).status).toBe('terminated');
      expect((await act(a, contract.id, 'terminate')).json().allowedTransitions).toEqual([]);
      const events = await superuserQuery(
        t,
        `SELECT event_type, metadata->'previous' AS previous FROM event_store WHERE stream_type = 'contract' AND stream_id = $1 ORDER BY stream_version`,
        [contract.id],
      );
      expect(events).toEqual([
        { event_type: 'field-service.contract.created.v1', previous: null },
        { event_type: 'field-service.contract.activated.v1', previous: { status: 'draft' } },
        { event_type: 'field-service.contract.terminated.v1', previous: { status: 'active' } },
      ]);
      const draft = await create(a);
      expect((await act(a, draft.id, 'terminate')).json()).toMatchObject({
        status: 409,
        allowedTransitions: ['activate'],
      });
    });

    it('a contract whose end date has passed cannot be activated (422 naming endDate)', async () => {
      const contract = await create(a, { startDate: '2020-01-01', endDate: '2020-12-31' });
      expectProblem(await act(a, contract.id, 'activate'), 422, 'endDate');
    });

    it('PATCH revises a draft with If-Match (stale: 412), keeps the dates ordered, and is a 409 once active', async () => {
      const contract = await create(a);
      const url = `/api/v1/contracts/${contract.id}`;
      const revised = await t.call(
        'PATCH',
        url,
        a.dispatcher.token,
        { value: '13000.50', terms: 'Gold', billingCycle: 'annually' },
        { 'if-match': '"v1"' },
      );
      expect(expectStatus(revised, 200)).toMatchObject({
        value: '13000.50',
        terms: 'Gold',
        billingCycle: 'annually',
        version: 2,
      });
      expect(revised.headers.etag).toBe('"v2"');
      const before = await billingCounts(t);
      expectProblem(
        await t.call('PATCH', url, a.dispatcher.token, { terms: null }, { 'if-match': '"v1"' }),
        412,
      );
      expectProblem(
        await t.call('PATCH', url, a.dispatcher.token, { startDate: '2031-01-01' }),
        422,
        'endDate',
      );
      expect(await billingCounts(t)).toEqual(before);
      expect(
        expectStatus(await t.call('PATCH', url, a.dispatcher.token, { terms: null }), 200).terms,
      ).toBeNull();
      expectStatus(await act(a, contract.id, 'activate'), 200);
      const refused = await t.call('PATCH', url, a.dispatcher.token, { value: '1.00' });
      expectProblem(refused, 409);
      expect(refused.json().allowedTransitions).toEqual(['expire', 'terminate']);
    });

    it('deactivate/reactivate through isActive; DELETE removes drafts only', async () => {
      const contract = await create(a);
      expect(expectStatus(await act(a, contract.id, 'deactivate'), 200).isActive).toBe(false);
      expect((await act(a, contract.id, 'activate')).json().code).toBe('CONTRACT.INACTIVE');
      expect(expectStatus(await act(a, contract.id, 'reactivate'), 200).isActive).toBe(true);
      expect(
        (await t.call('DELETE', `/api/v1/contracts/${contract.id}`, a.dispatcher.token)).statusCode,
      ).toBe(204);
      expectProblem(
        await t.call('GET', `/api/v1/contracts/${contract.id}`, a.dispatcher.token),
        404,
      );
      const active = await create(a);
      expectStatus(await act(a, active.id, 'activate'), 200);
      expectProblem(
        await t.call('DELETE', `/api/v1/contracts/${active.id}`, a.dispatcher.token),
        409,
      );
      expectProblem(
        await t.call('DELETE', `/api/v1/contracts/${active.id}`, a.dispatcher.token, undefined, {
          'if-match': '"v1"',
        }),
        412,
      );
    });
  });

  describe('the expiry job', () => {
    it('two concurrent runs expire each ended active contract exactly once, as the system in its tenant', async () => {
      const ending = [
        ...(await Promise.all([0, 1, 2, 3].map(() => create(a, { endDate: '2040-06-30' })))),
        ...(await Promise.all([0, 1, 2].map(() => create(b, { endDate: '2040-06-30' })))),
      ];
      for (const contract of ending)
        expectStatus(
          await act(contract.customerId === a.customerId ? a : b, contract.id, 'activate'),
          200,
        );
      const stillRunning = await create(a, { endDate: '2040-07-01' });
      expectStatus(await act(a, stillRunning.id, 'activate'), 200);
      const draft = await create(a, { endDate: '2040-06-30' });

      const job = t.app.get(ContractExpiryJob);
      const [first, second] = await Promise.all([
        job.run({ today: '2040-07-01' }),
        job.run({ today: '2040-07-01' }),
      ]);
      const ids = ending.map((c) => c.id as string);
      // Earlier tests left other active contracts ending before 2040 in these tenants: they expire too.
      const processed = [...first, ...second];
      expect(new Set(processed).size).toBe(processed.length);
      expect(processed).toEqual(expect.arrayContaining(ids));
      expect(processed).not.toContain(stillRunning.id);
      expect(processed).not.toContain(draft.id);
      const events = await expiredEvents([...processed, stillRunning.id, draft.id]);
      expect(events.map((e) => e.stream_id).sort()).toEqual([...processed].sort());
      expect(events.every((e) => e.actorType === 'system')).toBe(true);
      expect(
        events.filter((e) => ids.includes(e.stream_id) && e.tenant_id === b.tenantId),
      ).toHaveLength(3);
      expect(await job.run({ today: '2040-07-01' })).toEqual([]);
      expect(
        expectStatus(
          await t.call('GET', `/api/v1/contracts/${stillRunning.id}`, a.dispatcher.token),
          200,
        ).status,
      ).toBe('active');
    });

    it('a dispatcher runs it now for their tenant (time passed: end date moved into the past)', async () => {
      const contract = await create(a);
      expectStatus(await act(a, contract.id, 'activate'), 200);
      await superuserQuery(
        t,
        `UPDATE contracts SET start_date = '2019-01-01', end_date = '2020-01-01' WHERE id = $1`,
        [contract.id],
      );
      const [r1, r2] = await Promise.all([
        t.call('POST', '/api/v1/contracts/expire-ended', a.dispatcher.token),
        t.call('POST', '/api/v1/contracts/expire-ended', a.dispatcher.token),
      ]);
      const [one, two] = [expectStatus(r1, 200), expectStatus(r2, 200)];
      expect([...one.contractIds, ...two.contractIds]).toEqual([contract.id]);
      expect(await expiredEvents([contract.id])).toHaveLength(1);
      expect(
        expectStatus(
          await t.call('GET', `/api/v1/contracts/${contract.id}`, a.dispatcher.token),
          200,
        ),
      ).toMatchObject({ status: 'expired', version: 3 });
      expectProblem(
        await t.call('POST', '/api/v1/contracts/expire-ended', a.customerUser.token),
        403,
      );
    });
  });

  describe('portal and isolation', () => {
    it('a customer sees only its own contracts (another’s is a 404) and changes none; technicians see none', async () => {
      const mine = await create(a);
      const theirs = await create(a, { customerId: a.otherCustomerId });
      const token = a.customerUser.token;
      expect(expectStatus(await t.call('GET', `/api/v1/contracts/${mine.id}`, token), 200).id).toBe(
        mine.id,
      );
      expectProblem(await t.call('GET', `/api/v1/contracts/${theirs.id}`, token), 404);
      const listed = expectStatus(
        await t.call('GET', '/api/v1/contracts?limit=100', token),
        200,
      ).items;
      expect(listed.map((c: { id: string }) => c.id)).toContain(mine.id);
      expect(listed.every((c: { customerId: string }) => c.customerId === a.customerId)).toBe(true);
      const before = await billingCounts(t);
      expectProblem(await t.call('POST', `/api/v1/contracts/${mine.id}/activate`, token), 403);
      expectProblem(
        await t.call('PATCH', `/api/v1/contracts/${mine.id}`, token, { terms: 'mine now' }),
        403,
      );
      expectProblem(await t.call('POST', '/api/v1/contracts', token, body(a)), 403);
      expectProblem(await t.call('DELETE', `/api/v1/contracts/${mine.id}`, token), 403);
      expectProblem(await t.call('GET', '/api/v1/contracts', a.technicianUser.token), 403);
      expectProblem(
        await t.call('GET', `/api/v1/contracts/${mine.id}`, a.technicianUser.token),
        403,
      );
      expect(await billingCounts(t)).toEqual(before);
    });

    it('another tenant’s contract is a 404 for every request and never listed; nothing is written', async () => {
      const contract = await create(a);
      const url = `/api/v1/contracts/${contract.id}`;
      const before = await billingCounts(t);
      const token = b.dispatcher.token;
      expectProblem(await t.call('GET', url, token), 404);
      expectProblem(await t.call('PATCH', url, token, { terms: 'x' }), 404);
      for (const action of ['activate', 'terminate', 'deactivate', 'reactivate'])
        expectProblem(await t.call('POST', `${url}/${action}`, token), 404);
      expectProblem(await t.call('DELETE', url, token), 404);
      expect(
        expectStatus(await t.call('GET', '/api/v1/contracts?limit=100', token), 200).items.map(
          (c: { id: string }) => c.id,
        ),
      ).not.toContain(contract.id);
      expect(await billingCounts(t)).toEqual(before);
    });
  });

  describe('bad input', () => {
    it.each([
      ['malformed JSON', '{"contractNumber": ', undefined],
      ['unknown field', { status: 'active' }, 'status'],
      ['wrong type', { contractNumber: 7 }, 'contractNumber'],
      ['over-long contract number', { contractNumber: 'C'.repeat(51) }, 'contractNumber'],
      ['contract number with spaces', { contractNumber: 'CON 1' }, 'contractNumber'],
      ['over-long terms', { terms: 'x'.repeat(10001) }, 'terms'],
      ['value as a JSON number', { value: 12.5 }, 'value'],
      ['value with three decimals', { value: '12.345' }, 'value'],
      ['unknown billing cycle', { billingCycle: 'weekly' }, 'billingCycle'],
      ['invalid customer UUID', { customerId: 'abc' }, 'customerId'],
      ['start date in a bad format', { startDate: '01-01-2026' }, 'startDate'],
      ['end date that does not exist', { endDate: '2030-02-29' }, 'endDate'],
      ['missing value', { value: undefined }, 'value'],
    ])(
      'POST /contracts with %s is a 400 naming the field; nothing is written',
      async (_name, patch, field) => {
        const before = await billingCounts(t);
        const payload = typeof patch === 'string' ? patch : body(a, patch);
        expectProblem(
          await t.call('POST', '/api/v1/contracts', a.dispatcher.token, payload),
          400,
          field,
        );
        expect(await billingCounts(t)).toEqual(before);
      },
    );

    it.each([
      ['malformed JSON', '{"terms": ', undefined],
      ['unknown field', { contractNumber: 'X-1' }, 'contractNumber'],
      ['null value', { value: null }, 'value'],
      ['bad date', { endDate: 'soon' }, 'endDate'],
    ])(
      'PATCH /contracts/{id} with %s is a 400 naming the field; nothing is written',
      async (_name, payload, field) => {
        const contract = await create(a);
        const before = await billingCounts(t);
        expectProblem(
          await t.call('PATCH', `/api/v1/contracts/${contract.id}`, a.dispatcher.token, payload),
          400,
          field,
        );
        expect(await billingCounts(t)).toEqual(before);
      },
    );

    it('bad ids and list parameters are 400s naming them; unknown ids 404s', async () => {
      expectProblem(await t.call('GET', '/api/v1/contracts/nope', a.dispatcher.token), 400, 'id');
      expectProblem(
        await t.call('POST', '/api/v1/contracts/nope/activate', a.dispatcher.token),
        400,
        'id',
      );
      expectProblem(
        await t.call('GET', `/api/v1/contracts/${UNKNOWN_ID}`, a.dispatcher.token),
        404,
      );
      expectProblem(
        await t.call('POST', `/api/v1/contracts/${UNKNOWN_ID}/terminate`, a.dispatcher.token),
        404,
      );
      for (const [query, field] of [
        ['status=live', 'status'],
        ['billingCycle=weekly', 'billingCycle'],
        ['sort=terms', 'sort'],
        ['endsBefore=2030', 'endsBefore'],
        ['limit=0', 'limit'],
      ]) {
        expectProblem(
          await t.call('GET', `/api/v1/contracts?${query}`, a.dispatcher.token),
          400,
          field,
        );
      }
    });
  });

  it('documents every contract endpoint in OpenAPI', async () => {
    const doc = (await t.inject({ method: 'GET', url: '/docs-json' })).json();
    const expected: Array<[string, string]> = [
      ['/api/v1/contracts', 'post'],
      ['/api/v1/contracts', 'get'],
      ['/api/v1/contracts/expire-ended', 'post'],
      ['/api/v1/contracts/{id}', 'get'],
      ['/api/v1/contracts/{id}', 'patch'],
      ['/api/v1/contracts/{id}', 'delete'],
      ['/api/v1/contracts/{id}/activate', 'post'],
      ['/api/v1/contracts/{id}/terminate', 'post'],
      ['/api/v1/contracts/{id}/deactivate', 'post'],
      ['/api/v1/contracts/{id}/reactivate', 'post'],
    ];
    for (const [path, method] of expected) {
      const op = doc.paths[path]?.[method];
      expect(op).toBeDefined();
      expect(op.tags).toContain('field-service');
      expect(op.security).toEqual([{ bearer: [] }]);
    }
    expect(doc.components.schemas.CreateContractRequestDto.properties.value).toMatchObject({
      type: 'string',
      pattern: expect.any(String),
    });
  });
});
