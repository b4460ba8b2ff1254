import { Injectable, Optional } from '@nestjs/common';
import { ConcurrencyError, DomainEvent } from '@opsledger/ddd';
import { Db, RequestContext } from '@opsledger/persistence';
import { randomUUID } from 'node:crypto';
import { toJsonValue } from './canonical-json';
import {
  EVENT_COLUMNS,
  EventMetadata,
  EventRow,
  eventHash,
  fromRow,
  LedgerCursor,
  StoredEvent,
} from './stored-event';
import { LedgerMetrics } from './ledger-metrics';
import { EventProtector } from './event-protector';

export interface AppendOptions {
  streamType: string;
  streamId: string;
  /** Version the caller last saw (0 for a new stream); a mismatch is a ConcurrencyError. */
  expectedVersion: number;
  events: readonly DomainEvent<object>[];
  tenantId?: string | null;
  /** Overrides for the metadata taken from the request context. */
  metadata?: Partial<EventMetadata>;
  /** Stable ids make a retried append a no-op. */
  eventIds?: readonly string[];
  ifMatch?: boolean;
}

export interface AppendedEvent {
  event: DomainEvent<object>;
  stored: StoredEvent;
}

/**
 * A uuid as PostgreSQL stores and returns it (lowercase, hyphenated, no braces). The hash must
 * cover the spelling that is read back, or a verifier would report an untouched event as changed.
 */
function storedUuid(value: string): string {
  const hex = value.replace(/[{}-]/g, '').toLowerCase();
  return /^[0-9a-f]{32}$/.test(hex)
    ? `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
    : value;
}

/** Type-guard for events carried on the in-process bus after commit. */
export class LedgerEventPublished {
  constructor(readonly stored: StoredEvent) {}
}

/**
 * The append-only ledger. Appends run inside the caller's transaction (the one that saves
 * the aggregate's state), so state and events commit or fail together.
 */
@Injectable()
export class EventStore {
  private readonly subscribers = new Set<(events: StoredEvent[]) => void>();

  constructor(
    private readonly db: Db,
    private readonly context: RequestContext,
    private readonly metrics: LedgerMetrics,
    @Optional() private readonly protector?: EventProtector,
  ) {}

  /** Called with the stored events once their transaction has committed. */
  onCommitted(fn: (events: StoredEvent[]) => void): () => void {
    this.subscribers.add(fn);
    return () => this.subscribers.delete(fn);
  }

  currentMetadata(overrides: Partial<EventMetadata> = {}): EventMetadata {
    const actor = this.context.actor;
    return {
      actorId: actor.id,
      actorType: actor.type,
      tenantId: actor.tenantId,
      ip: this.context.ip,
      userAgent: this.context.userAgent,
      correlationId: this.context.correlationId,
      causationId: this.context.causationId,
      result: 'success',
      error: null,
      ...overrides,
    };
  }

  async append(opts: AppendOptions): Promise<StoredEvent[]> {
    if (opts.events.length === 0) return [];
    if (!this.db.inTransaction) return this.db.transaction(() => this.append(opts));
    const manager = this.db.manager;
    const last = (await manager.query(
      `SELECT stream_version, hash FROM event_store WHERE stream_type = $1 AND stream_id = $2
       ORDER BY stream_version DESC LIMIT 1`,
      [opts.streamType, opts.streamId],
    )) as Array<{ stream_version: number; hash: string }>;
    const currentVersion = last[0]?.stream_version ?? 0;
    if (opts.eventIds) {
      const existing = (await manager.query(
        `SELECT ${EVENT_COLUMNS} FROM event_store WHERE event_id = ANY($1::uuid[]) ORDER BY position`,
        [opts.eventIds],
      )) as EventRow[];
      if (existing.length === opts.eventIds.length) return existing.map(fromRow);
    }
    if (currentVersion !== opts.expectedVersion) {
      throw new ConcurrencyError(
        opts.streamType,
        opts.streamId,
        opts.expectedVersion,
        opts.ifMatch,
      );
    }
    let prevHash: string | null = last[0]?.hash ?? null;
    const stored: StoredEvent[] = [];
    const contents = await this.contentsOf(opts);
    for (const [i, event] of opts.events.entries()) {
      const { payload, metadata } = contents[i];
      const tenantId = opts.tenantId !== undefined ? opts.tenantId : metadata.tenantId;
      const draft = {
        eventId: storedUuid(opts.eventIds?.[i] ?? randomUUID()),
        streamType: opts.streamType,
        streamId: opts.streamId,
        streamVersion: opts.expectedVersion + i + 1,
        eventType: event.type,
        schemaVersion: event.schemaVersion,
        payload,
        metadata,
        tenantId: tenantId === null ? null : storedUuid(tenantId),
        occurredAt: new Date(event.occurredAt.toISOString()),
        prevHash,
      };
      const hash = eventHash(draft);
      let rows: EventRow[];
      try {
        rows = (await manager.query(
          `INSERT INTO event_store (event_id, stream_type, stream_id, stream_version, event_type, schema_version,
             payload, metadata, tenant_id, occurred_at, prev_hash, hash)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
           RETURNING ${EVENT_COLUMNS}`,
          [
            draft.eventId,
            draft.streamType,
            draft.streamId,
            draft.streamVersion,
            draft.eventType,
            draft.schemaVersion,
            JSON.stringify(draft.payload),
            JSON.stringify(draft.metadata),
            draft.tenantId,
            draft.occurredAt,
            draft.prevHash,
            hash,
          ],
        )) as EventRow[];
      } catch (error) {
        // the stream moved, or a retry with the same event ids raced the original append
        const constraint = (error as { driverError?: { constraint?: string } }).driverError
          ?.constraint;
        if (
          constraint === 'uq_event_store_stream_version' ||
          constraint === 'uq_event_store_event_id'
        ) {
          throw new ConcurrencyError(
            opts.streamType,
            opts.streamId,
            opts.expectedVersion,
            opts.ifMatch,
          );
        }
        throw error;
      }
      const row = fromRow(rows[0]);
      stored.push(row);
      prevHash = hash;
    }
    this.context.afterCommit(() => {
      this.metrics.appended(stored.length);
      for (const fn of this.subscribers) fn(stored);
    });
    return stored;
  }

  /** Payload and metadata as stored and hashed: personal values already sealed by the protector. */
  private async contentsOf(
    opts: AppendOptions,
  ): Promise<Array<{ payload: Record<string, unknown>; metadata: EventMetadata }>> {
    const contents = opts.events.map((event) => ({
      payload: toJsonValue(event.payload as Record<string, unknown>),
      metadata: toJsonValue(
        this.currentMetadata({
          ...opts.metadata,
          previous: event.previous ? (event.previous as Record<string, unknown>) : null,
        }),
      ),
    }));
    if (!this.protector) return contents;
    return this.protector.protect(
      opts.events.map((event, i) => ({
        event,
        streamType: opts.streamType,
        streamId: opts.streamId,
        ...contents[i],
      })),
    );
  }

  async readStream(streamType: string, streamId: string): Promise<StoredEvent[]> {
    const rows = (await this.db.manager.query(
      `SELECT ${EVENT_COLUMNS} FROM event_store WHERE stream_type = $1 AND stream_id = $2 ORDER BY stream_version`,
      [streamType, streamId],
    )) as EventRow[];
    return rows.map(fromRow);
  }

  /**
   * Events after `cursor` in commit order, never past the oldest transaction still in
   * flight: every transaction id below `pg_snapshot_xmin` has finished, so no event can
   * later appear behind what this returns, whatever order positions were drawn in.
   */
  async readCommitted(cursor: LedgerCursor, limit: number): Promise<StoredEvent[]> {
    // Qualified on purpose: a bare `tx_id` in ORDER BY names the output column, which
    // EVENT_COLUMNS makes text ('999' > '1000'), and batches would skip and repeat events.
    const rows = (await this.db.manager.query(
      `SELECT ${EVENT_COLUMNS} FROM event_store
        WHERE (tx_id, position) > ($1::text::xid8, $2::bigint)
          AND tx_id < pg_snapshot_xmin(pg_current_snapshot())
        ORDER BY event_store.tx_id, event_store.position
        LIMIT $3`,
      [cursor.txId, cursor.position, limit],
    )) as EventRow[];
    return rows.map(fromRow);
  }
}
