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
import { LedgerMac } from './ledger-mac';
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
  /** The stream's head read ahead (`prefetchHead`), for the same stream and event count. */
  head?: StreamHead;
}

/** The stream's head, this transaction's id and the new events' positions, read ahead. */
export interface StreamHead {
  rows(): Promise<HeadRow[]>;
}

/**
 * A head read ahead with the statement that loaded the aggregate (`prefetchHead` called before
 * the load), so the state write can carry the append in its own round trip
 * (`AggregateWriter.save` with `head`). Usable for an append of `count` events only. A head
 * that went stale cannot break the chain: the append's stream version is unique.
 */
export interface PrefetchedHead extends StreamHead {
  readonly streamType: string;
  readonly streamId: string;
  readonly count: number;
}

/** The append as one statement, to be run by whoever sends it; `stored` reads its answer. */
interface AppendStatement {
  text: string;
  values: Array<string | number | null>;
  /** The rows as the statement writes them: every column is known before it is sent. */
  rows: EventRow[];
}

interface HeadRow {
  tx_id: string;
  positions: string[];
  stream_version: number | null;
  hash: string | null;
}

// One round trip for what new events need before they can be hashed and MACed: the stream's
// head, this transaction's id, and their positions (drawn from the identity).
const HEAD = `SELECT pg_current_xact_id()::text AS tx_id,
        ARRAY(SELECT nextval('event_store_position_seq')::text FROM generate_series(1, $3::int)) AS positions,
        last.stream_version, last.hash
   FROM (SELECT 1) AS one
   LEFT JOIN LATERAL (SELECT stream_version, hash FROM event_store
                       WHERE stream_type = $1 AND stream_id = $2
                       ORDER BY stream_version DESC LIMIT 1) AS last ON true`;

// The same for one event in each of several streams (a batch of commands sharing one unit of
// work): one row per stream, in the order given, each with its own position (`nextval` in the
// select list is drawn per row). The ids travel as one JSON array: a companion's values are text.
const HEADS = `SELECT s.stream_id, pg_current_xact_id()::text AS tx_id,
        ARRAY[nextval('event_store_position_seq')::text] AS positions,
        last.stream_version, last.hash
   FROM json_array_elements_text($2::json) WITH ORDINALITY AS s(stream_id, n)
   LEFT JOIN LATERAL (SELECT stream_version, hash FROM event_store
                       WHERE stream_type = $1 AND stream_id = s.stream_id
                       ORDER BY stream_version DESC LIMIT 1) AS last ON true
  ORDER BY s.n`;

/** An append refused by the ledger's unique keys: the stream moved, or a retry raced its original. */
export function isLedgerConflict(error: unknown): boolean {
  const e = error as { driverError?: { constraint?: string }; constraint?: string } | undefined;
  const constraint = e?.driverError?.constraint ?? e?.constraint;
  return constraint === 'uq_event_store_stream_version' || constraint === 'uq_event_store_event_id';
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
    private readonly mac: LedgerMac,
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

  /**
   * Reads the stream's head for an append of `count` events in the round trip of the unit of
   * work's next statement (the state write an AggregateWriter runs before it appends): one
   * round trip less per command. Pass it to `append` as `head`.
   */
  prefetchHead(streamType: string, streamId: string, count: number): PrefetchedHead {
    const read = this.db.alongsideNext<HeadRow>(HEAD, [streamType, streamId, count]);
    return { streamType, streamId, count, rows: () => read.rows() };
  }

  /**
   * `prefetchHead` for an append of one event to each of `streamIds` (distinct), in one
   * statement riding with the unit of work's next one: for a batch of commands, each changing
   * its own aggregate, that share one unit of work.
   */
  prefetchHeads(streamType: string, streamIds: readonly string[]): Map<string, PrefetchedHead> {
    const read = this.db.alongsideNext<HeadRow & { stream_id: string }>(HEADS, [
      streamType,
      JSON.stringify(streamIds),
    ]);
    let byStream: Promise<Map<string, HeadRow>> | undefined;
    const rowOf = async (streamId: string): Promise<HeadRow[]> => {
      byStream ??= read.rows().then((rows) => new Map(rows.map((row) => [row.stream_id, row])));
      const row = (await byStream).get(streamId);
      return row ? [row] : [];
    };
    return new Map(
      streamIds.map((streamId) => [
        streamId,
        { streamType, streamId, count: 1, rows: () => rowOf(streamId) },
      ]),
    );
  }

  /**
   * Sends the append of `opts` after `head` (already read) ahead of the unit of work's next
   * statement or its COMMIT (`Db.writeBehind`): an aggregate whose state write goes the same
   * way commits in one round trip with its events. Answers the events as written. The checks
   * are `append`'s: a head not at `expectedVersion` is a ConcurrencyError now; a stream that
   * moved fails the unit of work with one. An append of given event ids (a retry that must
   * answer the stored events) needs its read first: it runs as `append` does.
   */
  async appendBehind(opts: AppendOptions & { head: StreamHead }): Promise<StoredEvent[]> {
    if (opts.eventIds || opts.events.length === 0 || !this.db.inReadWrite) return this.append(opts);
    const [head] = await opts.head.rows();
    const statement = await this.appendStatement(opts, head);
    await this.db.writeBehind(statement.text, statement.values, (error) => {
      const reported = this.appendError(error, opts);
      return reported instanceof Error ? reported : error;
    });
    return this.committed(statement.rows);
  }

  async append(opts: AppendOptions): Promise<StoredEvent[]> {
    if (opts.events.length === 0) return [];
    if (!this.db.inTransaction) return this.db.transaction(() => this.append(opts));
    const manager = this.db.manager;
    const [head] = opts.head
      ? await opts.head.rows()
      : ((await manager.query(HEAD, [
          opts.streamType,
          opts.streamId,
          opts.events.length,
        ])) as HeadRow[]);
    if (opts.eventIds) {
      const existing = (await manager.query(
        `SELECT ${EVENT_COLUMNS} FROM event_store WHERE event_id = ANY($1::uuid[]) ORDER BY position`,
        [opts.eventIds],
      )) as EventRow[];
      if (existing.length === opts.eventIds.length) return existing.map(fromRow);
    }
    const statement = await this.appendStatement(opts, head);
    try {
      await manager.query(statement.text, statement.values);
    } catch (error) {
      throw this.appendError(error, opts);
    }
    return this.committed(statement.rows);
  }

  /**
   * The INSERT of `opts`' events after `head`: hashed, chained and MACed, with the rows it
   * writes (no RETURNING: the transaction id is the head's, read in the same transaction).
   */
  private async appendStatement(opts: AppendOptions, head: HeadRow): Promise<AppendStatement> {
    if ((head.stream_version ?? 0) !== opts.expectedVersion) {
      throw new ConcurrencyError(
        opts.streamType,
        opts.streamId,
        opts.expectedVersion,
        opts.ifMatch,
      );
    }
    let prevHash: string | null = head.hash;
    const rows: Array<Array<string | number | null>> = [];
    const written: EventRow[] = [];
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
      const position = head.positions[i];
      const { mac, keyId } = this.mac.sign({ position, txId: head.tx_id, hash });
      rows.push([
        position,
        draft.eventId,
        draft.streamType,
        draft.streamId,
        draft.streamVersion,
        draft.eventType,
        draft.schemaVersion,
        JSON.stringify(draft.payload),
        JSON.stringify(draft.metadata),
        draft.tenantId,
        // as text, exact to the millisecond the hash covers (a companion's values are text)
        draft.occurredAt.toISOString(),
        draft.prevHash,
        hash,
        mac,
        keyId,
      ]);
      written.push({
        position,
        tx_id: head.tx_id,
        event_id: draft.eventId,
        stream_type: draft.streamType,
        stream_id: draft.streamId,
        stream_version: draft.streamVersion,
        event_type: draft.eventType,
        schema_version: draft.schemaVersion,
        payload: draft.payload,
        metadata: draft.metadata,
        tenant_id: draft.tenantId,
        occurred_at: draft.occurredAt,
        prev_hash: draft.prevHash,
        hash,
        mac,
        mac_key_id: keyId,
      });
      prevHash = hash;
    }
    // tx_id keeps its default, pg_current_xact_id(): the id the MAC was computed over
    return {
      text: `INSERT INTO event_store (position, event_id, stream_type, stream_id, stream_version, event_type,
           schema_version, payload, metadata, tenant_id, occurred_at, prev_hash, hash, mac, mac_key_id)
         OVERRIDING SYSTEM VALUE
         VALUES ${rows.map((row, r) => `(${row.map((_, c) => `$${r * row.length + c + 1}`).join(', ')})`).join(', ')}`,
      values: rows.flat(),
      rows: written,
    };
  }

  /** The stream moved, or a retry with the same event ids raced the original append. */
  private appendError(error: unknown, opts: AppendOptions): unknown {
    if (isLedgerConflict(error))
      return new ConcurrencyError(
        opts.streamType,
        opts.streamId,
        opts.expectedVersion,
        opts.ifMatch,
      );
    return error;
  }

  private committed(inserted: EventRow[]): StoredEvent[] {
    const stored = inserted.map(fromRow).sort((a, b) => a.streamVersion - b.streamVersion);
    this.db.afterCommit(() => {
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
   * Events after `cursor` in commit order, never past the oldest ledger writer still in
   * flight (`ledger_read_horizon`): every transaction below that horizon has finished or can
   * never append, so no event can later appear behind what this returns, whatever order
   * positions were drawn in. Transactions that are not ledger writers do not hold it back.
   */
  async readCommitted(cursor: LedgerCursor, limit: number): Promise<StoredEvent[]> {
    // Qualified on purpose: a bare `tx_id` in ORDER BY names the output column, which
    // EVENT_COLUMNS makes text ('999' > '1000'), and batches would skip and repeat events.
    const rows = (await this.db.manager.query(
      `SELECT ${EVENT_COLUMNS} FROM event_store
        WHERE (tx_id, position) > ($1::text::xid8, $2::bigint)
          AND tx_id < (SELECT ledger_read_horizon(pg_current_snapshot()))
        ORDER BY event_store.tx_id, event_store.position
        LIMIT $3`,
      [cursor.txId, cursor.position, limit],
    )) as EventRow[];
    return rows.map(fromRow);
  }
}
