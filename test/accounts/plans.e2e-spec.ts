import { ANONYMOUS, RequestContext } from '@opsledger/persistence';
import { superuserClient } from '@opsledger/testing';
import { PlanLimits } from '../../src/modules/accounts/plans.public';
import { createTestApp, TestApp } from '../support/test-app';
import { accountsCounts, expectProblem, signedInUser } from './accounts-fixture';

describe('plans (e2e)', () => {
  let t: TestApp;
  let admin: string;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.loginAsAdmin();
  });
  afterAll(() => t.close());

  const planEvents = async (userId: string) => {
    const c = await superuserClient(t.db.url);
    try {
      const r = await c.query(
        `SELECT event_type, payload, metadata->'previous' AS previous, metadata->>'actorId' AS actor FROM event_store
          WHERE stream_type = 'user-plan' AND payload->>'userId' = $1 ORDER BY position`,
        [userId],
      );
      return r.rows;
    } finally {
      await c.end();
    }
  };

  it('answers the free plan and its limits to a user who has none', async () => {
    const u = await signedInUser(t, admin);
    const res = await t.call('GET', '/api/v1/me/plan', u.token);
    expect(res.statusCode).toBe(200);
    expect(res.headers.etag).toBe('"v0"');
    expect(res.json()).toMatchObject({
      id: null,
      userId: u.id,
      planName: 'free',
      status: 'active',
      isDefault: true,
      version: 0,
      limits: { planName: 'free', maxApiKeys: 2, maxWorkOrdersPerMonth: 50, maxAiJobsPerDay: 20 },
    });
  });

  it('lets an admin set a plan, which the user then reads, with an audited change history', async () => {
    const u = await signedInUser(t, admin);
    const first = await t.call(
      'PUT',
      `/api/v1/users/${u.id}/plan`,
      admin,
      {
        planName: 'pro',
        currentPeriodStart: '2030-01-01T00:00:00Z',
        currentPeriodEnd: '2030-02-01T00:00:00Z',
      },
      { 'if-match': '"v0"' },
    );
    expect(first.statusCode).toBe(200);
    expect(first.headers.etag).toBe('"v1"');
    expect(first.json()).toMatchObject({
      planName: 'pro',
      status: 'active',
      isDefault: false,
      version: 1,
      limits: { planName: 'pro', maxApiKeys: 4 },
    });

    const mine = await t.call('GET', '/api/v1/me/plan', u.token);
    expect(mine.json()).toMatchObject({
      planName: 'pro',
      currentPeriodStart: '2030-01-01T00:00:00.000Z',
      currentPeriodEnd: '2030-02-01T00:00:00.000Z',
    });

    const second = await t.call(
      'PUT',
      `/api/v1/users/${u.id}/plan`,
      admin,
      { planName: 'enterprise', status: 'trialing' },
      { 'if-match': '"v1"' },
    );
    expect(second.json()).toMatchObject({
      planName: 'enterprise',
      status: 'trialing',
      currentPeriodEnd: '2030-02-01T00:00:00.000Z',
      version: 2,
    });
    expect(second.json().limits).toMatchObject({
      planName: 'enterprise',
      maxWorkOrdersPerMonth: null,
      maxAiJobsPerDay: null,
    });

    const events = await planEvents(u.id);
    expect(events.map((e) => e.event_type)).toEqual([
      'accounts.user-plan.assigned.v1',
      'accounts.user-plan.changed.v1',
    ]);
    expect(events[1].payload).toEqual({ userId: u.id, planName: 'enterprise', status: 'trialing' });
    expect(events[1].previous).toEqual({ planName: 'pro', status: 'active' });
    expect(events.every((e) => e.actor !== u.id)).toBe(true);
  });

  it('refuses plan changes by anyone but an admin with 403, writing nothing', async () => {
    const u = await signedInUser(t, admin);
    const other = await signedInUser(t, admin);
    const before = await accountsCounts(t);
    expectProblem(
      await t.call('PUT', `/api/v1/users/${u.id}/plan`, u.token, { planName: 'enterprise' }),
      403,
    );
    expectProblem(
      await t.call('PUT', `/api/v1/users/${other.id}/plan`, u.token, { planName: 'pro' }),
      403,
    );
    expectProblem(await t.call('GET', `/api/v1/users/${other.id}/plan`, u.token), 403);
    expect(await accountsCounts(t)).toEqual(before);
    expect((await t.call('GET', '/api/v1/me/plan', u.token)).json().planName).toBe('free');
  });

  it('refuses a period that ends before it starts (422 naming currentPeriodEnd), also against the stored start', async () => {
    const u = await signedInUser(t, admin);
    const before = await accountsCounts(t);
    const bad = await t.call('PUT', `/api/v1/users/${u.id}/plan`, admin, {
      planName: 'pro',
      currentPeriodStart: '2030-02-01T00:00:00Z',
      currentPeriodEnd: '2030-01-01T00:00:00Z',
    });
    expect(expectProblem(bad, 422, 'currentPeriodEnd').code).toBe('ACCOUNTS.INVALID_PLAN_PERIOD');
    expect(await accountsCounts(t)).toEqual(before);

    expect(
      (
        await t.call('PUT', `/api/v1/users/${u.id}/plan`, admin, {
          planName: 'pro',
          currentPeriodStart: '2030-02-01T00:00:00Z',
        })
      ).statusCode,
    ).toBe(200);
    const middle = await accountsCounts(t);
    expectProblem(
      await t.call('PUT', `/api/v1/users/${u.id}/plan`, admin, {
        planName: 'pro',
        currentPeriodEnd: '2030-01-15T00:00:00Z',
      }),
      422,
      'currentPeriodEnd',
    );
    expect(await accountsCounts(t)).toEqual(middle);
    // null clears a bound, after which any end is fine
    const cleared = await t.call('PUT', `/api/v1/users/${u.id}/plan`, admin, {
      planName: 'pro',
      currentPeriodStart: null,
      currentPeriodEnd: '2030-01-15T00:00:00Z',
    });
    expect(cleared.json()).toMatchObject({
      currentPeriodStart: null,
      currentPeriodEnd: '2030-01-15T00:00:00.000Z',
    });
  });

  it('answers 412 for a stale If-Match and 404 for an unknown user', async () => {
    const u = await signedInUser(t, admin);
    expect(
      (await t.call('PUT', `/api/v1/users/${u.id}/plan`, admin, { planName: 'pro' })).statusCode,
    ).toBe(200);
    const before = await accountsCounts(t);
    expectProblem(
      await t.call(
        'PUT',
        `/api/v1/users/${u.id}/plan`,
        admin,
        { planName: 'free' },
        { 'if-match': '"v0"' },
      ),
      412,
    );
    expect(await accountsCounts(t)).toEqual(before);
    const ghost = '3f1c9a57-2b7e-4d0a-8c1f-6e5d4c3b2a19';
    expectProblem(
      await t.call('PUT', `/api/v1/users/${ghost}/plan`, admin, { planName: 'pro' }),
      404,
    );
    expectProblem(await t.call('GET', `/api/v1/users/${ghost}/plan`, admin), 404);
    expect(await accountsCounts(t)).toEqual(before);
    const got = await t.call('GET', `/api/v1/users/${u.id}/plan`, admin);
    expect(got.headers.etag).toBe('"v1"');
  });

  it('gives the free limits back when a paid subscription lapses', async () => {
    const u = await signedInUser(t, admin);
    await t.call('PUT', `/api/v1/users/${u.id}/plan`, admin, { planName: 'pro', status: 'active' });
    const lapsed = await t.call('PUT', `/api/v1/users/${u.id}/plan`, admin, {
      planName: 'pro',
      status: 'unpaid',
    });
    expect(lapsed.json()).toMatchObject({
      planName: 'pro',
      status: 'unpaid',
      limits: { planName: 'free', maxApiKeys: 2 },
    });
  });

  it('publishes limits to other contexts through PlanLimits, whoever is asking', async () => {
    const u = await signedInUser(t, admin);
    const someoneElse = await signedInUser(t, admin);
    await t.call('PUT', `/api/v1/users/${u.id}/plan`, admin, { planName: 'enterprise' });
    const limits = t.app.get(PlanLimits);
    const context = t.app.get(RequestContext);
    const asOther = { ...ANONYMOUS, id: someoneElse.id, type: 'user' as const, roles: ['user'] };
    await expect(context.run(asOther, () => limits.forUser(u.id))).resolves.toEqual({
      userId: u.id,
      planName: 'enterprise',
      maxApiKeys: 4,
      maxWorkOrdersPerMonth: null,
      maxAiJobsPerDay: null,
    });
    await expect(context.run(asOther, () => limits.forUser(someoneElse.id))).resolves.toMatchObject(
      { planName: 'free', maxApiKeys: 2 },
    );
  });

  it('documents the endpoints under plans', async () => {
    const doc = (await t.inject({ method: 'GET', url: '/docs-json' })).json();
    expect(doc.paths['/api/v1/me/plan'].get.tags).toEqual(['plans']);
    expect(doc.paths['/api/v1/users/{id}/plan'].put.tags).toEqual(['plans']);
    expect(
      doc.paths['/api/v1/users/{id}/plan'].put.responses['422'].content['application/problem+json'],
    ).toBeDefined();
    expect(doc.paths['/api/v1/users/{id}/plan'].put.security).toEqual(
      expect.arrayContaining([{ bearer: [] }]),
    );
  });
});
