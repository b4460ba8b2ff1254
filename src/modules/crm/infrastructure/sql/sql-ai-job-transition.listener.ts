import { Injectable } from '@nestjs/common';
import { EventStore } from '@opsledger/event-store';
import { JobTransition, JobTransitionListener } from '@opsledger/jobs';
import { Db } from '@opsledger/persistence';
import { SystemLogWriter } from '../../application/system-log-writer.port';
import { ledgerResultOf } from '../../domain/ai-job';
import { AiJobTransitionedEvent } from '../../domain/events/ai-job.events';

/**
 * Every transition of an AI job goes to the ledger (stream `crm-ai-job`, one per job) inside
 * the queue's own transaction: refusing it undoes the transition.
 */
@Injectable()
export class SqlAiJobTransitionListener extends JobTransitionListener {
  constructor(
    private readonly db: Db,
    private readonly store: EventStore,
    private readonly systemLogs: SystemLogWriter,
  ) {
    super();
  }

  async onTransition(t: JobTransition): Promise<void> {
    const rows = (await this.db.manager.query(
      `SELECT COALESCE(max(stream_version), 0)::int AS version FROM event_store
        WHERE stream_type = 'crm-ai-job' AND stream_id = $1`,
      [t.job.id],
    )) as Array<{ version: number }>;
    const payload = (t.job.payload ?? {}) as { dealId?: string | null };
    const succeeded = t.kind === 'succeeded';
    if (t.kind === 'failed' || t.kind === 'retry-scheduled' || t.kind === 'lease-expired')
      this.systemLogs.log({
        level: t.kind === 'failed' ? 'error' : 'warning',
        source: 'job',
        message: `ai_jobs ${t.job.type} ${t.kind}: ${t.error ?? 'no reason given'}`,
        details: {
          table: 'ai_jobs',
          jobId: t.job.id,
          jobType: t.job.type,
          attempt: t.job.attempts,
          maxAttempts: t.job.maxAttempts,
          tenantId: t.job.tenantId,
        },
      });
    await this.store.append({
      streamType: 'crm-ai-job',
      streamId: t.job.id,
      expectedVersion: rows[0].version,
      tenantId: t.job.tenantId,
      events: [
        new AiJobTransitionedEvent(t.job.id, {
          jobType: t.job.type,
          kind: t.kind,
          from: t.from,
          to: t.to,
          dealId: payload.dealId ?? null,
          attempt: t.job.attempts,
          error: t.error ?? null,
          result: succeeded ? (ledgerResultOf(t.job.type, t.result) ?? null) : null,
        }),
      ],
    });
  }
}
