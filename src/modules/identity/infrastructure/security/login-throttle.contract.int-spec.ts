import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import { LoginThrottle } from '../../application/login-throttle.port';
import { MemoryLoginThrottle } from './memory-login.throttle';
import { RedisLoginThrottle } from './redis-login.throttle';

/*
 * One behaviour for both login-throttle adapters. The Redis adapter runs against a real Redis
 * when TEST_REDIS_URL is set (CI sets it; global setup says when it is not), under a key
 * prefix of its own so parallel runs on one server never share counters.
 */
function describeLoginThrottleContract(
  name: string,
  setup: () => { throttle: LoginThrottle; teardown(): Promise<void> },
): void {
  describe(`login throttle contract: ${name}`, () => {
    let throttle: LoginThrottle;
    let teardown: () => Promise<void>;
    beforeAll(() => {
      ({ throttle, teardown } = setup());
    });
    afterAll(() => teardown());
    const key = () => `account:${randomUUID()}`;

    it('lets an unknown key try', async () => {
      await expect(throttle.blockedFor(key(), 3)).resolves.toBe(0);
    });

    it('counts failures per key and blocks at the limit for the rest of the window', async () => {
      const k = key();
      await expect(throttle.fail(k, 60)).resolves.toBe(1);
      await expect(throttle.fail(k, 60)).resolves.toBe(2);
      await expect(throttle.blockedFor(k, 3)).resolves.toBe(0);
      await expect(throttle.fail(k, 60)).resolves.toBe(3);
      const wait = await throttle.blockedFor(k, 3);
      expect(wait).toBeGreaterThan(55);
      expect(wait).toBeLessThanOrEqual(60);
    });

    it('keeps keys apart', async () => {
      const a = key();
      const b = key();
      await throttle.fail(a, 60);
      await throttle.fail(a, 60);
      await expect(throttle.blockedFor(a, 2)).resolves.toBeGreaterThan(0);
      await expect(throttle.blockedFor(b, 2)).resolves.toBe(0);
      await expect(throttle.fail(b, 60)).resolves.toBe(1);
    });

    it('forgets a key on reset', async () => {
      const k = key();
      await throttle.fail(k, 60);
      await throttle.fail(k, 60);
      await throttle.reset(k);
      await expect(throttle.blockedFor(k, 2)).resolves.toBe(0);
      await expect(throttle.fail(k, 60)).resolves.toBe(1);
    });

    it('starts a new window once the old one has passed', async () => {
      const k = key();
      await throttle.fail(k, 1);
      await throttle.fail(k, 1);
      await expect(throttle.blockedFor(k, 2)).resolves.toBeGreaterThan(0);
      await new Promise((r) => setTimeout(r, 1300));
      await expect(throttle.blockedFor(k, 2)).resolves.toBe(0);
      await expect(throttle.fail(k, 1)).resolves.toBe(1);
    });
  });
}

describeLoginThrottleContract('in-process', () => ({
  throttle: new MemoryLoginThrottle(),
  teardown: () => Promise.resolve(),
}));

const redisUrl = process.env.TEST_REDIS_URL;
if (redisUrl) {
  const prefix = `opsledger-test:${process.pid}:${randomUUID()}:`;
  describeLoginThrottleContract(`Redis (${new URL(redisUrl).host})`, () => {
    const throttle = new RedisLoginThrottle(redisUrl, prefix);
    return {
      throttle,
      teardown: async () => {
        const redis = new Redis(redisUrl);
        const keys = await redis.keys(`${prefix}*`);
        if (keys.length > 0) await redis.del(...keys);
        await redis.quit();
        await throttle.onApplicationShutdown();
      },
    };
  });

  it('the Redis adapter writes its counters to Redis under its key prefix', async () => {
    const throttle = new RedisLoginThrottle(redisUrl, prefix);
    const redis = new Redis(redisUrl);
    try {
      await throttle.fail('account:probe', 60);
      await expect(redis.get(`${prefix}account:probe`)).resolves.toBe('1');
      await expect(redis.ttl(`${prefix}account:probe`)).resolves.toBeGreaterThan(0);
    } finally {
      await redis.del(`${prefix}account:probe`);
      await redis.quit();
      await throttle.onApplicationShutdown();
    }
  });
}
