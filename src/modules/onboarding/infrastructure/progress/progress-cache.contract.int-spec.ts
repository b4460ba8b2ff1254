import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import { ProgressCache } from '../../application/progress-cache';
import type { ProgressView } from '../../application/queries/onboarding.read-model';
import { MemoryProgressCache } from './memory-progress.cache';
import { RedisProgressCache } from './redis-progress.cache';

/*
 * One behaviour for both progress caches. The Redis adapter runs against a real Redis when
 * TEST_REDIS_URL is set (like the login throttle's suite), under a key prefix of its own.
 */
const view = (contractorId: string, currentStep = 2): ProgressView => ({
  contractorId,
  currentStep,
  currentStepName: 'licenses',
  completedSteps: [1],
  steps: [],
  validationErrors: {},
  updatedAt: new Date(0).toISOString(),
  version: 3,
});

function describeProgressCacheContract(
  name: string,
  setup: (ttlSeconds: number) => { cache: ProgressCache; teardown(): Promise<void> },
): void {
  describe(`progress cache contract: ${name}`, () => {
    let cache: ProgressCache;
    let teardown: () => Promise<void>;
    beforeAll(() => {
      ({ cache, teardown } = setup(1));
    });
    afterAll(() => teardown());
    const tenant = randomUUID();

    it('misses an unknown contractor, then answers what was set', async () => {
      const id = randomUUID();
      await expect(cache.get(tenant, id)).resolves.toBeNull();
      await cache.set(tenant, view(id), await cache.generation(id));
      await expect(cache.get(tenant, id)).resolves.toEqual(view(id));
    });

    it('never answers another tenant', async () => {
      const id = randomUUID();
      await cache.set(tenant, view(id), await cache.generation(id));
      await expect(cache.get(randomUUID(), id)).resolves.toBeNull();
    });

    it('refuses a view read before a change that was dropped since (no stale entry)', async () => {
      const id = randomUUID();
      const before = await cache.generation(id);
      // the reader read PostgreSQL here; a change committed and was dropped meanwhile
      await cache.drop(id);
      await cache.set(tenant, view(id), before);
      await expect(cache.get(tenant, id)).resolves.toBeNull();
      // a reader that starts after the drop caches again
      await cache.set(tenant, view(id), await cache.generation(id));
      await expect(cache.get(tenant, id)).resolves.toEqual(view(id));
    });

    it('forgets a dropped entry, and every entry once its TTL has passed', async () => {
      const a = randomUUID();
      const b = randomUUID();
      await cache.set(tenant, view(a), await cache.generation(a));
      await cache.set(tenant, view(b), await cache.generation(b));
      await cache.drop(a);
      await expect(cache.get(tenant, a)).resolves.toBeNull();
      await expect(cache.get(tenant, b)).resolves.not.toBeNull();
      await new Promise((r) => setTimeout(r, 1300));
      await expect(cache.get(tenant, b)).resolves.toBeNull();
    });
  });
}

describeProgressCacheContract('in-process', (ttl) => ({
  cache: new MemoryProgressCache(ttl * 1000),
  teardown: () => Promise.resolve(),
}));

const redisUrl = process.env.TEST_REDIS_URL;
if (redisUrl) {
  const prefix = `opsledger-test:${process.pid}:${randomUUID()}:`;
  describeProgressCacheContract(`Redis (${new URL(redisUrl).host})`, (ttl) => {
    const cache = new RedisProgressCache(redisUrl, prefix, ttl);
    return {
      cache,
      teardown: async () => {
        const redis = new Redis(redisUrl);
        const keys = await redis.keys(`${prefix}*`);
        if (keys.length > 0) await redis.del(...keys);
        await redis.quit();
        await cache.onApplicationShutdown();
      },
    };
  });

  it('the Redis adapter writes progress:{contractorId} with a 24 h expiry', async () => {
    const cache = new RedisProgressCache(redisUrl, prefix);
    const redis = new Redis(redisUrl);
    const id = randomUUID();
    try {
      await cache.set(randomUUID(), view(id), await cache.generation(id));
      const ttl = await redis.ttl(`${prefix}progress:${id}`);
      expect(ttl).toBeGreaterThan(24 * 3600 - 10);
      expect(ttl).toBeLessThanOrEqual(24 * 3600);
    } finally {
      await redis.del(`${prefix}progress:${id}`);
      await redis.quit();
      await cache.onApplicationShutdown();
    }
  });
}
