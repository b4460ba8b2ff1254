/** A request the job holds: its id, and which attempt this is (the fence of its lease). */
export interface ErasureClaim {
  id: string;
  attempt: number;
}

/**
 * The job's hold on requests, apart from their state: one worker at a time per request,
 * through a lease that the worker renews between steps and that expires if it dies.
 */
export abstract class ErasureJobClaims {
  /**
   * Claims the next due request no live lease holds (FOR UPDATE SKIP LOCKED), taking a
   * lease of `leaseMs`; null when there is none.
   */
  abstract claimDue(leaseMs: number): Promise<ErasureClaim | null>;
  /** Extends the lease; false when another worker has claimed the request since. */
  abstract renew(claim: ErasureClaim, leaseMs: number): Promise<boolean>;
  /** Gives the request back after a failure, to be retried after `retryInMs`. */
  abstract release(claim: ErasureClaim, retryInMs: number, error: string): Promise<void>;
}
