import { DomainError } from '@opsledger/ddd';
import { assertWithinLimit, effectivePlanOf, PLAN_LIMITS, PLAN_NAMES } from './plan';

describe('plans', () => {
  it('defines every limit for every plan, never fewer for a dearer plan', () => {
    const unlimited = (n: number | null) => (n === null ? Infinity : n);
    for (const [cheaper, dearer] of [
      ['free', 'pro'],
      ['pro', 'enterprise'],
    ] as const) {
      for (const limit of ['maxApiKeys', 'maxWorkOrdersPerMonth', 'maxAiJobsPerDay'] as const) {
        expect(unlimited(PLAN_LIMITS[dearer][limit])).toBeGreaterThanOrEqual(
          unlimited(PLAN_LIMITS[cheaper][limit]),
        );
      }
    }
    expect(Object.keys(PLAN_LIMITS).sort()).toEqual([...PLAN_NAMES].sort());
  });

  it.each([
    [null, 'free'],
    [{ planName: 'pro', status: 'active' }, 'pro'],
    [{ planName: 'pro', status: 'trialing' }, 'pro'],
    [{ planName: 'enterprise', status: 'past_due' }, 'enterprise'],
    [{ planName: 'pro', status: 'canceled' }, 'free'],
    [{ planName: 'enterprise', status: 'unpaid' }, 'free'],
    [{ planName: 'pro', status: null }, 'free'],
    [{ planName: null, status: 'active' }, 'free'],
    [{ planName: 'platinum', status: 'active' }, 'free'],
  ])('%j is entitled to the %s plan', (plan, expected) => {
    expect(effectivePlanOf(plan)).toBe(expected);
  });

  it('refuses one more than the limit and never refuses what is unlimited', () => {
    expect(() =>
      assertWithinLimit('maxApiKeys', PLAN_LIMITS.free.maxApiKeys - 1, 'free'),
    ).not.toThrow();
    expect(() => assertWithinLimit('maxApiKeys', PLAN_LIMITS.free.maxApiKeys, 'free')).toThrow(
      DomainError,
    );
    expect(() => assertWithinLimit('maxAiJobsPerDay', 1_000_000, 'enterprise')).not.toThrow();
    try {
      assertWithinLimit('maxApiKeys', 99, 'free');
    } catch (e) {
      expect((e as DomainError).code).toBe('ACCOUNTS.PLAN_LIMIT_REACHED');
      expect((e as DomainError).details).toMatchObject({
        limit: 'maxApiKeys',
        max: PLAN_LIMITS.free.maxApiKeys,
        planName: 'free',
      });
    }
  });
});
