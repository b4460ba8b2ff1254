import type { AiJobType } from '../domain/ai-job';

export interface AiJobRequest {
  type: AiJobType;
  tenantId: string;
  ownerId: string;
  dealId: string | null;
  input: Record<string, unknown>;
}

/** Port: ai_jobs as the queue itself (libs/jobs mechanics on spec 002's table). */
export abstract class AiJobQueue {
  /** In the caller's transaction: the job exists only if the change that asks for it commits. */
  abstract enqueue(request: AiJobRequest): Promise<string>;
  /** Jobs the user queued since the instant (for the plan's daily limit). */
  abstract countQueuedSince(userId: string, since: Date): Promise<number>;
  /** Cooperative cancel: queued jobs end at once, running ones are asked to stop. */
  abstract cancel(jobId: string): Promise<void>;
}
