import Redis from 'ioredis';
import { createTenantWithMembers, TenantMember } from '../support/tenant-fixture';
import { createTestApp, TestApp } from '../support/test-app';

/**
 * The progress cache through the application: a read fills `progress:{contractorId}`, every
 * committed change drops it, so a read after a change shows the change. With TEST_REDIS_URL the
 * app runs with REDIS_URL and the key is checked in Redis itself; otherwise the in-process cache.
 */
const redisUrl = process.env.TEST_REDIS_URL;

describe(`onboarding: progress cache (${redisUrl ? 'Redis' : 'in-process'}) (e2e)`, () => {
  let t: TestApp;
  let dana: TenantMember;
  let id: string;
  let redis: Redis | null = null;

  beforeAll(async () => {
    t = await createTestApp(redisUrl ? { REDIS_URL: redisUrl } : {});
    const admin = await t.loginAsAdmin();
    dana = (await createTenantWithMembers(t, admin, { dana: 'member' })).members.dana;
    id = (await t.call('POST', '/api/v1/contractors', dana.token)).json().id;
    if (redisUrl) redis = new Redis(redisUrl);
  });
  afterAll(async () => {
    if (redis) {
      await redis.del(`opsledger:progress:${id}`);
      await redis.quit();
    }
    await t.close();
  });

  it('a change after a cached read is visible on the next read', async () => {
    const first = (await t.call('GET', `/api/v1/contractors/${id}/progress`, dana.token)).json();
    expect(first.validationErrors).toEqual({});
    if (redis) {
      expect(await redis.exists(`opsledger:progress:${id}`)).toBe(1);
      expect(await redis.ttl(`opsledger:progress:${id}`)).toBeGreaterThan(24 * 3600 - 60);
    }
    const failed = await t.call('POST', `/api/v1/contractors/${id}/progress/steps`, dana.token, {
      step: 'business_profile',
    });
    expect(failed.statusCode).toBe(422);
    await new Promise((r) => setTimeout(r, 50)); // the drop runs right after the commit
    const second = (await t.call('GET', `/api/v1/contractors/${id}/progress`, dana.token)).json();
    expect(Object.keys(second.validationErrors)).toEqual(['business_profile']);
    expect(second.version).toBe(first.version + 1);
  });
});
