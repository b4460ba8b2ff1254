import type { ProgressView } from './queries/onboarding.read-model';

/**
 * Port: the progress cache (spec 000 Redis key `progress:{contractorId}`, TTL 24 h).
 * PostgreSQL is the truth: a miss reads it, every committed change drops the entry. Scoped by
 * tenant so an entry never answers another tenant.
 */
export abstract class ProgressCache {
  abstract get(tenantId: string, contractorId: string): Promise<ProgressView | null>;
  abstract set(tenantId: string, view: ProgressView): Promise<void>;
  abstract drop(contractorId: string): Promise<void>;
}

export const PROGRESS_CACHE_TTL_SECONDS = 24 * 60 * 60;
