import { Injectable, OnModuleInit } from '@nestjs/common';
import {
  defineJobTable,
  JobQueue,
  JobQueues,
  JobWorker,
  PermanentJobError,
  RunningJob,
} from '@opsledger/jobs';
import { Db } from '@opsledger/persistence';
import { AiJobProcessor } from '../../application/ai-job-processor.port';
import { AiJobQueue, AiJobRequest } from '../../application/ai-job-queue.port';
import { SqlAiJobTransitionListener } from './sql-ai-job-transition.listener';

/** Spec 002's ai_jobs described for libs/jobs: its own names for type, payload, result, error. */
export const AI_JOBS = defineJobTable(
  'ai_jobs',
  {
    ownerId: 'user_id',
    type: 'job_type',
    payload: 'input_data',
    result: 'output_data',
    lastError: 'error_message',
  },
  'job_status',
);

/**
 * ai_jobs IS the queue: claims with FOR UPDATE SKIP LOCKED, leases with heartbeats, retries
 * with backoff, the reaper, cooperative cancel and NOTIFY come from libs/jobs; every
 * transition reaches the ledger through the listener; the worker runs each job in its owner's
 * row-level scope.
 */
@Injectable()
export class SqlAiJobQueue extends AiJobQueue implements OnModuleInit {
  readonly queue: JobQueue;

  constructor(
    private readonly db: Db,
    queues: JobQueues,
    listener: SqlAiJobTransitionListener,
    private readonly worker: JobWorker,
    private readonly processor: AiJobProcessor,
  ) {
    super();
    this.queue = queues.create(AI_JOBS, listener);
  }

  onModuleInit(): void {
    this.worker.register({
      queue: this.queue,
      type: 'property_valuation',
      handler: (job: RunningJob<{ propertyId?: string }>) => {
        if (!job.payload.propertyId) throw new PermanentJobError('the job names no property');
        return this.processor.valueProperty({ propertyId: job.payload.propertyId });
      },
    });
    this.worker.register({
      queue: this.queue,
      type: 'document_analysis',
      handler: (job: RunningJob<{ documentId?: string }>) => {
        if (!job.payload.documentId) throw new PermanentJobError('the job names no document');
        return this.processor.analyseDocument({ documentId: job.payload.documentId });
      },
    });
  }

  async enqueue(request: AiJobRequest): Promise<string> {
    return this.db.transaction(async () => {
      const id = await this.queue.enqueue({
        type: request.type,
        tenantId: request.tenantId,
        ownerId: request.ownerId,
        payload: { ...request.input, dealId: request.dealId },
        maxAttempts: 3,
      });
      if (request.dealId)
        await this.db.manager.query(`UPDATE ai_jobs SET deal_id = $2 WHERE id = $1`, [
          id,
          request.dealId,
        ]);
      return id;
    });
  }

  async countQueuedSince(userId: string, since: Date): Promise<number> {
    const rows = (await this.db.manager.query(
      `SELECT count(*)::int AS n FROM ai_jobs WHERE user_id = $1 AND created_at >= $2`,
      [userId, since],
    )) as Array<{ n: number }>;
    return rows[0].n;
  }

  async cancel(jobId: string): Promise<void> {
    await this.queue.cancel(jobId);
  }
}
