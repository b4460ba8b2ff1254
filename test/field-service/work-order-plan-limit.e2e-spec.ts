import { createTestApp, TestApp } from '../support/test-app';
import {
  BillingTenant,
  createBillingTenant,
  expectProblem,
  expectStatus,
  superuserQuery,
} from './billing.fixture';

/** `maxWorkOrdersPerMonth`: the free plan lets a user open 50 work orders a calendar month. */
describe('work orders and the plan limit (e2e)', () => {
  let t: TestApp;
  let admin: string;
  let a: BillingTenant;

  const open = (title: string) =>
    t.call('POST', '/api/v1/work-orders', a.dispatcher.token, { title, customerId: a.customerId });
  const ordersOfTenant = async () =>
    (
      await superuserQuery(t, `SELECT count(*)::int AS n FROM work_orders WHERE tenant_id = $1`, [
        a.tenantId,
      ])
    )[0].n as number;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.loginAsAdmin();
    a = await createBillingTenant(t, admin, false);
  });
  afterAll(() => t.close());

  it('refuses the opening past the plan’s monthly limit with a 409 naming it, one winner in a race', async () => {
    for (let i = 1; i <= 48; i += 1) expectStatus(await open(`Order ${i}`), 201);
    // a deleted order still counts: the limit is on openings, not on what is left
    const deleted = expectStatus(await open('Opened by mistake'), 201);
    expectStatus(
      await t.call('DELETE', `/api/v1/work-orders/${deleted.id}`, a.dispatcher.token),
      204,
    );
    // 49 opened: two concurrent openings, one place left, exactly one winner
    const race = await Promise.all([open('Race 1'), open('Race 2')]);
    expect(race.map((r) => r.statusCode).sort()).toEqual([201, 409]);

    const before = await ordersOfTenant();
    const refused = await open('One too many');
    expectProblem(refused, 409);
    expect(refused.json()).toMatchObject({
      code: 'ACCOUNTS.PLAN_LIMIT_REACHED',
      detail: 'The free plan allows at most 50 (maxWorkOrdersPerMonth)',
    });
    expect(await ordersOfTenant()).toBe(before);

    // a paid plan lifts the cap
    expectStatus(
      await t.call('PUT', `/api/v1/users/${a.dispatcher.id}/plan`, admin, { planName: 'pro' }),
      200,
    );
    expectStatus(await open('Order 51'), 201);
  });
});
