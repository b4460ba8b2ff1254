import { JobStatus } from './job-table';

/** A job row's identity and counters, as the mechanics read them. */
export interface JobRecord {
  id: string;
  type: string;
  tenantId: string | null;
  ownerId: string | null;
  payload: unknown;
  attempts: number;
  maxAttempts: number;
}

export type JobTransitionKind =
  | 'enqueued'
  | 'claimed'
  | 'succeeded'
  | 'retry-scheduled'
  | 'failed'
  | 'cancel-requested'
  | 'cancelled'
  | 'lease-expired';

export interface JobTransition {
  kind: JobTransitionKind;
  job: JobRecord;
  from: JobStatus | null;
  to: JobStatus;
  /** The failure that caused it (retry-scheduled, failed, lease-expired). */
  error?: string;
  result?: unknown;
  /** When a retried or returned job runs next. */
  runAfter?: Date;
}

/**
 * Called by the queue inside the transaction of every state change it makes, after the row
 * changed: a context that wants its jobs in the ledger records each transition through its
 * aggregate here (AggregateWriter joins the transaction). Throwing undoes the transition.
 */
export abstract class JobTransitionListener {
  abstract onTransition(transition: JobTransition): Promise<void>;
}
