import { PROGRESS_CACHE_TTL_SECONDS, ProgressCache } from '../../application/progress-cache';
import type { ProgressView } from '../../application/queries/onboarding.read-model';

/**
 * Without Redis: the cache of this one process (the in-process defaults serve one instance,
 * like the progress push). Same key and TTL as Redis; dropped on every committed change.
 */
export class MemoryProgressCache extends ProgressCache {
  private readonly entries = new Map<
    string,
    { tenantId: string; view: ProgressView; until: number }
  >();

  constructor(private readonly ttlMs = PROGRESS_CACHE_TTL_SECONDS * 1000) {
    super();
  }

  get(tenantId: string, contractorId: string): Promise<ProgressView | null> {
    const entry = this.entries.get(`progress:${contractorId}`);
    if (!entry || entry.until <= Date.now() || entry.tenantId !== tenantId)
      return Promise.resolve(null);
    return Promise.resolve(entry.view);
  }

  set(tenantId: string, view: ProgressView): Promise<void> {
    this.entries.set(`progress:${view.contractorId}`, {
      tenantId,
      view,
      until: Date.now() + this.ttlMs,
    });
    return Promise.resolve();
  }

  drop(contractorId: string): Promise<void> {
    this.entries.delete(`progress:${contractorId}`);
    return Promise.resolve();
  }
}
