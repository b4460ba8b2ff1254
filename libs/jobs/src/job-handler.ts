/** A job as its handler sees it. */
export interface RunningJob<P = unknown> {
  id: string;
  type: string;
  payload: P;
  tenantId: string | null;
  ownerId: string | null;
  /** 1 on the first run. */
  attempt: number;
  maxAttempts: number;
  /** Aborted when the job is cancelled or this worker lost its lease: stop soon. */
  signal: AbortSignal;
  /** Throws JobCancelledError once the signal is aborted. */
  throwIfCancelled(): void;
}

export type JobHandler<P = unknown, R = unknown> = (job: RunningJob<P>) => Promise<R>;

export interface RetryBackoff {
  /** Delay before the second attempt; doubles with each further attempt. */
  baseMs: number;
  maxMs: number;
}

/** Thrown by a handler for a failure no retry can fix: the job fails at once. */
export class PermanentJobError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PermanentJobError';
  }
}

/** What `throwIfCancelled` throws; a handler may let it escape. */
export class JobCancelledError extends Error {
  constructor(readonly reason: 'cancelled' | 'lease-lost') {
    super(reason === 'cancelled' ? 'The job was cancelled' : 'The worker lost the job’s lease');
    this.name = 'JobCancelledError';
  }
}

/**
 * The wait before attempt `attempt + 1` after `attempt` failed: exponential (`baseMs`,
 * doubled each time, capped at `maxMs`), with "equal jitter" (half fixed, half random) so
 * that jobs failing together do not all come back together.
 */
export function retryDelayMs(
  attempt: number,
  backoff: RetryBackoff,
  random: () => number = Math.random,
): number {
  const exponential = Math.min(backoff.maxMs, backoff.baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(exponential / 2 + random() * (exponential / 2));
}
