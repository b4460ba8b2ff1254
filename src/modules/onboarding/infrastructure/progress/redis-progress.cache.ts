import { OnApplicationShutdown } from '@nestjs/common';
import Redis from 'ioredis';
import { PROGRESS_CACHE_TTL_SECONDS, ProgressCache } from '../../application/progress-cache';
import type { ProgressView } from '../../application/queries/onboarding.read-model';

/**
 * Spec 000's `progress:{contractorId}` key, shared by every instance, expiring after 24 h. The
 * entry carries its tenant: it never answers another tenant. A Redis failure is a miss (the
 * caller reads PostgreSQL), never an error for the user.
 */
/** SET the entry only while the generation is still the one the reader took. */
const SET_IF_GENERATION = `
  if (redis.call('GET', KEYS[2]) or '0') == ARGV[1] then
    redis.call('SET', KEYS[1], ARGV[2], 'EX', ARGV[3])
  end
  return 0`;

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

  async generation(contractorId: string): Promise<string> {
    // A failure reads as a generation no set can match: nothing is cached then.
    return (
      (await this.redis.get(`progress-generation:${contractorId}`).catch(() => 'unavailable')) ??
      '0'
    );
  }

  async set(tenantId: string, view: ProgressView, generation: string): Promise<void> {
    await this.redis
      .eval(
        SET_IF_GENERATION,
        2,
        `progress:${view.contractorId}`,
        `progress-generation:${view.contractorId}`,
        generation,
        JSON.stringify({ tenantId, view }),
        this.ttlSeconds,
      )
      .catch(() => undefined);
  }

  async drop(contractorId: string): Promise<void> {
    // The generation outlives any entry (a day more than the TTL), so a reader's token can
    // never meet a generation that expired and started again.
    await this.redis
      .multi()
      .incr(`progress-generation:${contractorId}`)
      .expire(`progress-generation:${contractorId}`, this.ttlSeconds + 86_400)
      .del(`progress:${contractorId}`)
      .exec();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.redis.quit().catch(() => undefined);
  }
}
