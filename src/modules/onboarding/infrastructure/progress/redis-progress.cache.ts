import { OnApplicationShutdown } from '@nestjs/common';
import Redis from 'ioredis';
import { PROGRESS_CACHE_TTL_SECONDS, ProgressCache } from '../../application/progress-cache';
import type { ProgressView } from '../../application/queries/onboarding.read-model';

/**
 * Spec 000's `progress:{contractorId}` key, shared by every instance, expiring after 24 h. The
 * entry carries its tenant: it never answers another tenant. A Redis failure is a miss (the
 * caller reads PostgreSQL), never an error for the user.
 */
export class RedisProgressCache extends ProgressCache implements OnApplicationShutdown {
  private readonly redis: Redis;

  constructor(
    url: string,
    keyPrefix = 'opsledger:',
    private readonly ttlSeconds = PROGRESS_CACHE_TTL_SECONDS,
  ) {
    super();
    this.redis = new Redis(url, { maxRetriesPerRequest: 2, keyPrefix });
  }

  async get(tenantId: string, contractorId: string): Promise<ProgressView | null> {
    const raw = await this.redis.get(`progress:${contractorId}`).catch(() => null);
    if (!raw) return null;
    const entry = JSON.parse(raw) as { tenantId: string; view: ProgressView };
    return entry.tenantId === tenantId ? entry.view : null;
  }

  async set(tenantId: string, view: ProgressView): Promise<void> {
    await this.redis
      .set(
        `progress:${view.contractorId}`,
        JSON.stringify({ tenantId, view }),
        'EX',
        this.ttlSeconds,
      )
      .catch(() => undefined);
  }

  async drop(contractorId: string): Promise<void> {
    await this.redis.del(`progress:${contractorId}`);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.redis.quit().catch(() => undefined);
  }
}
