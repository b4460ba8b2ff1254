import { Injectable, OnModuleInit } from '@nestjs/common';
import { Projection, ProjectionRunner, StoredEvent } from '@opsledger/event-store';
import { DealTimelineRow, DealTimelineWriter } from '../deal-timeline-writer.port';

export const DEAL_TIMELINE = 'deal_events';

const str = (value: unknown): string =>
  typeof value === 'string'
    ? value
    : value === null || value === undefined
      ? ''
      : JSON.stringify(value);

/** How a ledger event of a deal reads on its timeline (spec 002's event_type names). */
export function timelineEntryOf(
  event: StoredEvent,
): Pick<DealTimelineRow, 'eventType' | 'description' | 'metadata'> | null {
  const p = event.payload;
  const previous = event.metadata.previous ?? {};
  switch (event.eventType) {
    case 'crm.deal.opened.v1':
      return {
        eventType: 'deal_created',
        description: `Deal opened at stage ${str(p.stage)}`,
        metadata: { stage: p.stage, leadId: p.leadId, propertyId: p.propertyId },
      };
    case 'crm.deal.stage-changed.v1':
      return {
        eventType: 'stage_changed',
        description: `Stage ${str(previous.stage)} → ${str(p.stage)}`,
        metadata: { from: previous.stage ?? null, to: p.stage },
      };
    case 'crm.deal.status-changed.v1':
      return {
        eventType: 'status_changed',
        description: `Status ${str(previous.status)} → ${str(p.status)}`,
        metadata: { from: previous.status ?? null, to: p.status, reason: p.reason ?? null },
      };
    case 'crm.deal.terms-revised.v1':
      return {
        eventType: 'deal_updated',
        description: `Changed ${Object.keys(p).join(', ')}`,
        metadata: { changed: Object.keys(p), ...p },
      };
    case 'crm.deal.next-action-planned.v1':
      return {
        eventType: 'next_action_set',
        description: p.nextAction ? `Next: ${str(p.nextAction)}` : 'Next action cleared',
        metadata: { nextAction: p.nextAction, nextActionDue: p.nextActionDue },
      };
    case 'crm.deal.note-added.v1':
      return {
        eventType: 'note_added',
        description: str(p.text),
        metadata: { noteId: p.noteId },
      };
    case 'crm.document.uploaded.v1':
      if (!p.dealId) return null;
      return {
        eventType: 'document_uploaded',
        description: `${str(p.type)} uploaded: ${str(p.title)}`,
        metadata: { documentId: event.streamId, type: p.type, fileSize: p.fileSize },
      };
    case 'crm.ai-job.transitioned.v1': {
      if (!p.dealId || !['succeeded', 'failed', 'cancelled'].includes(str(p.kind))) return null;
      const result = (p.result ?? {}) as Record<string, unknown>;
      return {
        eventType: `ai_job_${str(p.kind)}`,
        description:
          p.kind === 'succeeded'
            ? `${str(p.jobType)} finished${result.arv ? `: ARV ${str(result.arv)}` : ''}${result.documentType ? `: ${str(result.documentType)}` : ''}`
            : `${str(p.jobType)} ${str(p.kind)}${p.error ? `: ${str(p.error)}` : ''}`,
        metadata: { jobId: event.streamId, jobType: p.jobType, result: p.result ?? null },
      };
    }
    default:
      return null;
  }
}

/**
 * Spec 002's `deal_events` as a projection of the ledger: one timeline row per event of a
 * deal's stream (status and stage changes, terms, next actions, notes). Rows are keyed by the
 * ledger event, so a replayed batch adds nothing twice; a rebuild empties the table first.
 */
@Injectable()
export class DealTimelineProjection implements Projection, OnModuleInit {
  readonly name = DEAL_TIMELINE;

  constructor(
    private readonly runner: ProjectionRunner,
    private readonly writer: DealTimelineWriter,
  ) {}

  onModuleInit(): void {
    this.runner.register(this);
  }

  async handle(events: readonly StoredEvent[]): Promise<void> {
    const rows: DealTimelineRow[] = [];
    for (const e of events) {
      if (!['crm-deal', 'crm-ai-job', 'crm-document'].includes(e.streamType) || !e.tenantId)
        continue;
      const entry = timelineEntryOf(e);
      if (!entry) continue;
      const dealId = e.streamType === 'crm-deal' ? e.streamId : str(e.payload.dealId);
      rows.push({
        ...entry,
        // Events of one transaction can share a millisecond: the ledger order breaks the tie.
        metadata: { ...entry.metadata, ledgerPosition: Number(e.position) },
        sourceEventId: e.eventId,
        tenantId: e.tenantId,
        dealId,
        createdAt: e.occurredAt,
        createdBy:
          e.streamType === 'crm-deal' && e.metadata.actorType === 'user'
            ? e.metadata.actorId
            : null,
      });
    }
    if (rows.length) await this.writer.insert(rows);
  }

  reset(): Promise<void> {
    return this.writer.clear();
  }
}
