import type { ProgressView } from './queries/onboarding.read-model';

/**
 * Port: the progress cache (spec 000 Redis key `progress:{contractorId}`, TTL 24 h).
 * PostgreSQL is the truth: a miss reads it, every committed change drops the entry. Scoped by
 * tenant so an entry never answers another tenant.
 */
export abstract class ProgressCache {
  abstract get(tenantId: string, contractorId: string): Promise<ProgressView | null>;
  /**
   * Taken before reading PostgreSQL on a miss, and handed to `set`: a change dropped between
   * the two (its commit may have come after the read) makes `set` store nothing, so a view
   * read before a change can never outlive that change's drop in the cache.
   */
  abstract generation(contractorId: string): Promise<string>;
  abstract set(tenantId: string, view: ProgressView, generation: string): Promise<void>;
  /** After every committed change: the entry goes, and the generation moves on. */
  abstract drop(contractorId: string): Promise<void>;
}

export const PROGRESS_CACHE_TTL_SECONDS = 24 * 60 * 60;
