/** A contractor's progress changed: the tabs watching it reload it. */
export interface ProgressChange {
  tenantId: string;
  contractorId: string;
}

/**
 * Port: pushes progress changes to whoever watches a contractor (its open tabs, over SSE), on
 * every instance. In-process without Redis; Redis pub/sub when REDIS_URL is set.
 */
export abstract class ProgressNotifier {
  /** Called after the change is committed; never throws. */
  abstract changed(tenantId: string, contractorId: string): void;
  /** Subscribes to one contractor's changes; returns the unsubscribe function. */
  abstract watch(contractorId: string, listener: (change: ProgressChange) => void): () => void;
}
