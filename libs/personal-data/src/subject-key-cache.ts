import { SubjectCipher } from '@opsledger/crypto';

/** A subject's key as cached: its cipher, or null once the key is shredded. */
export type CachedSubjectKey = SubjectCipher | null;

export interface SubjectKeyCacheOptions {
  /** Most keys kept; the least recently used go first. */
  maxEntries: number;
  /** How long an entry is trusted: the bound on a missed invalidation. */
  ttlMs: number;
}

/**
 * Unwrapped subject keys in memory, bounded (LRU) and short-lived (TTL), so the common
 * append and read needs no round trip. Invalidation carries a generation: an entry read from
 * the database before an invalidation of its subject arrived is not stored afterwards.
 */
export class SubjectKeyCache {
  private readonly entries = new Map<string, { key: CachedSubjectKey; expires: number }>();
  private readonly evictedAt = new Map<string, number>();
  private generationCounter = 0;
  private clearedAt = 0;

  constructor(
    private readonly options: SubjectKeyCacheOptions,
    private readonly now: () => number = Date.now,
  ) {}

  /** Taken before a database read whose results will be cached. */
  get generation(): number {
    return this.generationCounter;
  }

  get size(): number {
    return this.entries.size;
  }

  /** The cached key (cipher or null for shredded), or undefined when unknown or expired. */
  get(subjectId: string): CachedSubjectKey | undefined {
    const entry = this.entries.get(subjectId);
    if (!entry) return undefined;
    if (entry.expires <= this.now()) {
      this.entries.delete(subjectId);
      return undefined;
    }
    this.entries.delete(subjectId);
    this.entries.set(subjectId, entry);
    return entry.key;
  }

  /** Stores a key read at `generation`, unless the subject was invalidated since. */
  set(subjectId: string, key: CachedSubjectKey, generation: number): void {
    if (this.clearedAt > generation || (this.evictedAt.get(subjectId) ?? 0) > generation) return;
    this.entries.delete(subjectId);
    this.entries.set(subjectId, { key, expires: this.now() + this.options.ttlMs });
    while (this.entries.size > this.options.maxEntries) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
    }
  }

  invalidate(subjectIds: Iterable<string>): void {
    this.generationCounter += 1;
    for (const id of subjectIds) {
      this.entries.delete(id);
      this.evictedAt.set(id, this.generationCounter);
    }
    // The marks only matter to reads still in flight; when they pile up, refusing every
    // read in flight instead keeps memory bounded.
    if (this.evictedAt.size > this.options.maxEntries) {
      this.evictedAt.clear();
      this.clearedAt = this.generationCounter;
    }
  }

  /** Forgets everything (a lost invalidation channel); reads in flight are not stored either. */
  clear(): void {
    this.generationCounter += 1;
    this.clearedAt = this.generationCounter;
    this.entries.clear();
  }
}
