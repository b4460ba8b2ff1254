import { createTestApp, TestApp } from '../support/test-app';
import { accountsCounts, expectProblem, sampleKey, signedInUser } from './accounts-fixture';

describe('bad input on accounts endpoints (e2e)', () => {
  let t: TestApp;
  let admin: string;
  let user: { id: string; token: string };
  let storedKey: string;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.loginAsAdmin();
    user = await signedInUser(t, admin);
    storedKey = sampleKey.openai();
    expect(
      (
        await t.call('POST', '/api/v1/me/api-keys', user.token, {
          service: 'openai',
          key: storedKey,
        })
      ).statusCode,
    ).toBe(201);
  });
  afterAll(() => t.close());

  const overLong = `sk-${'a'.repeat(600)}`;

  it.each([
    ['malformed JSON', '{"service": "openai", "key": ', undefined],
    ['an unknown field', { service: 'stripe', key: sampleKey.stripe(), isAdmin: true }, 'isAdmin'],
    ['a key of the wrong type', { service: 'stripe', key: 12345678901 }, 'key'],
    ['a service of the wrong type', { service: ['stripe'], key: sampleKey.stripe() }, 'service'],
    ['an unknown service', { service: 'github', key: sampleKey.stripe() }, 'service'],
    ['no service', { key: sampleKey.stripe() }, 'service'],
    ['no key', { service: 'stripe' }, 'key'],
    ['an over-long key', { service: 'stripe', key: overLong }, 'key'],
    ['a too-short key', { service: 'stripe', key: 'sk_1234' }, 'key'],
    ['a key with spaces', { service: 'stripe', key: 'sk_test_ abc def ghi' }, 'key'],
  ])(
    'POST /me/api-keys with %s is a 400 naming the field, writing nothing',
    async (_name, payload, field) => {
      const before = await accountsCounts(t);
      const res = await t.call('POST', '/api/v1/me/api-keys', user.token, payload);
      expectProblem(res, 400, field);
      const key = typeof payload === 'object' ? (payload as { key?: unknown }).key : undefined;
      if (typeof key === 'string') expect(res.body).not.toContain(key);
      expect(await accountsCounts(t)).toEqual(before);
    },
  );

  it.each([
    [
      'an unknown service in the path',
      'PUT',
      '/api/v1/me/api-keys/github',
      { key: sampleKey.openai() },
      'service',
    ],
    [
      'an unknown field',
      'PUT',
      '/api/v1/me/api-keys/openai',
      { key: sampleKey.openai(), service: 'stripe' },
      'service',
    ],
    ['an over-long key', 'PUT', '/api/v1/me/api-keys/openai', { key: overLong }, 'key'],
    [
      'a key of the wrong type',
      'PUT',
      '/api/v1/me/api-keys/openai',
      { key: { value: 'x' } },
      'key',
    ],
    [
      'an unknown service to check',
      'POST',
      '/api/v1/me/api-keys/OpenAI/check',
      undefined,
      'service',
    ],
    [
      'an unknown service to delete',
      'DELETE',
      '/api/v1/me/api-keys/openai%00',
      undefined,
      'service',
    ],
    ['a bad limit', 'GET', '/api/v1/me/api-keys?limit=0', undefined, 'limit'],
    ['a bad cursor', 'GET', '/api/v1/me/api-keys?cursor=%21%21', undefined, 'cursor'],
    [
      'an unknown query parameter',
      'GET',
      '/api/v1/me/api-keys?service=openai',
      undefined,
      'service',
    ],
  ] as const)(
    '%s is a 400 naming the field, writing nothing',
    async (_name, method, url, payload, field) => {
      const before = await accountsCounts(t);
      expectProblem(await t.call(method, url, user.token, payload), 400, field);
      expect(await accountsCounts(t)).toEqual(before);
    },
  );

  it('an invalid user id on the admin key list is a 400 naming it', async () => {
    expectProblem(await t.call('GET', '/api/v1/users/not-a-uuid/api-keys', admin), 400, 'id');
  });

  it('a malformed If-Match is a 400 naming the header, writing nothing', async () => {
    const before = await accountsCounts(t);
    expectProblem(
      await t.call(
        'PUT',
        '/api/v1/me/api-keys/openai',
        user.token,
        { key: sampleKey.openai() },
        { 'if-match': 'v1' },
      ),
      400,
      'If-Match',
    );
    expectProblem(
      await t.call(
        'PUT',
        `/api/v1/users/${user.id}/plan`,
        admin,
        { planName: 'pro' },
        { 'if-match': '*' },
      ),
      400,
      'If-Match',
    );
    expect(await accountsCounts(t)).toEqual(before);
  });

  it.each([
    ['malformed JSON', '{"planName": ', undefined],
    ['an unknown plan', { planName: 'platinum' }, 'planName'],
    ['a plan of the wrong type', { planName: 1 }, 'planName'],
    ['no plan', { status: 'active' }, 'planName'],
    ['an unknown status', { planName: 'pro', status: 'cancelled-ish' }, 'status'],
    ['an unknown field', { planName: 'pro', stripeCustomerId: 'cus_123' }, 'stripeCustomerId'],
    [
      'a date that is not ISO 8601',
      { planName: 'pro', currentPeriodStart: '01/02/2030' },
      'currentPeriodStart',
    ],
    [
      'a date of the wrong type',
      { planName: 'pro', currentPeriodEnd: 1893456000 },
      'currentPeriodEnd',
    ],
  ])(
    'PUT /users/{id}/plan with %s is a 400 naming the field, writing nothing',
    async (_name, payload, field) => {
      const before = await accountsCounts(t);
      expectProblem(
        await t.call('PUT', `/api/v1/users/${user.id}/plan`, admin, payload),
        400,
        field,
      );
      expect(await accountsCounts(t)).toEqual(before);
    },
  );

  it('an invalid user id on the plan routes is a 400 naming it', async () => {
    expectProblem(
      await t.call('PUT', '/api/v1/users/12345/plan', admin, { planName: 'pro' }),
      400,
      'id',
    );
    expectProblem(await t.call('GET', '/api/v1/users/12345/plan', admin), 400, 'id');
  });

  it('refuses every accounts route without a token (401)', async () => {
    for (const [method, url] of [
      ['GET', '/api/v1/me/api-keys'],
      ['POST', '/api/v1/me/api-keys'],
      ['PUT', '/api/v1/me/api-keys/openai'],
      ['DELETE', '/api/v1/me/api-keys/openai'],
      ['POST', '/api/v1/me/api-keys/openai/check'],
      ['GET', `/api/v1/users/${user.id}/api-keys`],
      ['GET', '/api/v1/me/plan'],
      ['PUT', `/api/v1/users/${user.id}/plan`],
    ] as const) {
      expectProblem(await t.call(method, url, null), 401);
    }
  });

  it('left the stored key as it was', async () => {
    const res = await t.call('GET', '/api/v1/me/api-keys/openai', user.token);
    expect(res.json()).toMatchObject({
      version: 1,
      lastFour: storedKey.slice(-4),
      status: 'active',
    });
  });
});
