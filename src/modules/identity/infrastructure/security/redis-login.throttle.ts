import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import Redis from 'ioredis';
import { LoginThrottle } from '../../application/login-throttle.port';

/** Shared counters for several instances: INCR with an expiry set on the first failure. */
@Injectable()
export class RedisLoginThrottle extends LoginThrottle implements OnApplicationShutdown {
  private readonly redis: Redis;

  /** `keyPrefix` separates the counters of several deployments (and test runs) on one Redis. */
  constructor(url: string, keyPrefix = 'opsledger:login:') {
    super();
    this.redis = new Redis(url, {
      lazyConnect: false,
      maxRetriesPerRequest: 2,
      keyPrefix,
    });
  }

  async blockedFor(key: string, limit: number): Promise<number> {
    const [count, ttl] = await Promise.all([this.redis.get(key), this.redis.ttl(key)]);
    return Number(count ?? 0) >= limit ? Math.max(ttl, 1) : 0;
  }

  async fail(key: string, windowSeconds: number): Promise<number> {
    const count = await this.redis.incr(key);
    if (count === 1) await this.redis.expire(key, windowSeconds);
    return count;
  }

  async reset(key: string): Promise<void> {
    await this.redis.del(key);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.redis.quit().catch(() => undefined);
  }
}
