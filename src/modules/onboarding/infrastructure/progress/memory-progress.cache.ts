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

  private readonly generations = new Map<string, number>();

  constructor(private readonly ttlMs = PROGRESS_CACHE_TTL_SECONDS * 1000) {
    super();
  }

  get(tenantId: string, contractorId: string): Promise<ProgressView | null> {
    const entry = this.entries.get(`progress:${contractorId}`);
    if (!entry || entry.until <= Date.now() || entry.tenantId !== tenantId)
      return Promise.resolve(null);
    return Promise.resolve(entry.view);
  }

  generation(contractorId: string): Promise<string> {
    return Promise.resolve(String(this.generations.get(contractorId) ?? 0));
  }

  set(tenantId: string, view: ProgressView, generation: string): Promise<void> {
    if (String(this.generations.get(view.contractorId) ?? 0) !== generation)
      return Promise.resolve();
    this.entries.set(`progress:${view.contractorId}`, {
      tenantId,
      view,
      until: Date.now() + this.ttlMs,
    });
    return Promise.resolve();
  }

  drop(contractorId: string): Promise<void> {
    this.generations.set(contractorId, (this.generations.get(contractorId) ?? 0) + 1);
    this.entries.delete(`progress:${contractorId}`);
    return Promise.resolve();
  }
}
