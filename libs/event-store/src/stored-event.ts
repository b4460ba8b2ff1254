import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json';

export interface EventMetadata {
  actorId: string | null;
  actorType: string;
  tenantId: string | null;
  ip: string | null;
  userAgent: string | null;
  correlationId: string;
  causationId: string | null;
  /** Outcome for audit: `success`, or `failure`/`denied` for recorded refusals. */
  result?: 'success' | 'failure' | 'denied';
  error?: string | null;
  /** Field values before the change (audit diff). */
  previous?: Record<string, unknown> | null;
}

export interface StoredEvent<P = Record<string, unknown>> {
  position: string;
  txId: string;
  eventId: string;
  streamType: string;
  streamId: string;
  streamVersion: number;
  eventType: string;
  schemaVersion: number;
  payload: P;
  metadata: EventMetadata;
  tenantId: string | null;
  occurredAt: Date;
  prevHash: string | null;
  hash: string;
  /** HMAC-SHA256 under the ledger key `macKeyId` over position, transaction id and hash (see LedgerMac). */
  mac: string | null;
  macKeyId: string | null;
}

/** What the hash covers: everything the event says, not where storage put it. */
export type HashedEventFields = Pick<
  StoredEvent,
  | 'eventId'
  | 'streamType'
  | 'streamId'
  | 'streamVersion'
  | 'eventType'
  | 'schemaVersion'
  | 'payload'
  | 'metadata'
  | 'tenantId'
  | 'occurredAt'
  | 'prevHash'
>;

/** The fields the hash covers: everything but the storage-assigned position and tx id. */
export function eventHash(e: HashedEventFields): string {
  const body = canonicalJson({
    eventId: e.eventId,
    streamType: e.streamType,
    streamId: e.streamId,
    streamVersion: e.streamVersion,
    eventType: e.eventType,
    schemaVersion: e.schemaVersion,
    payload: e.payload,
    metadata: e.metadata,
    tenantId: e.tenantId,
    occurredAt: e.occurredAt.toISOString(),
    prevHash: e.prevHash,
  });
  return createHash('sha256').update(body).digest('hex');
}

/** A position in commit order: transaction id first, then the global position. */
export interface LedgerCursor {
  txId: string;
  position: string;
}

export const LEDGER_START: LedgerCursor = { txId: '0', position: '0' };

export interface EventRow {
  position: string;
  tx_id: string;
  event_id: string;
  stream_type: string;
  stream_id: string;
  stream_version: number;
  event_type: string;
  schema_version: number;
  payload: Record<string, unknown>;
  metadata: EventMetadata;
  tenant_id: string | null;
  occurred_at: Date;
  prev_hash: string | null;
  hash: string;
  mac: string | null;
  mac_key_id: string | null;
}

export function fromRow(row: EventRow): StoredEvent {
  return {
    position: String(row.position),
    txId: String(row.tx_id),
    eventId: row.event_id,
    streamType: row.stream_type,
    streamId: row.stream_id,
    streamVersion: row.stream_version,
    eventType: row.event_type,
    schemaVersion: row.schema_version,
    payload: row.payload,
    metadata: row.metadata,
    tenantId: row.tenant_id,
    occurredAt: new Date(row.occurred_at),
    prevHash: row.prev_hash,
    hash: row.hash,
    mac: row.mac,
    macKeyId: row.mac_key_id,
  };
}

export const EVENT_COLUMNS =
  'position, tx_id::text AS tx_id, event_id, stream_type, stream_id, stream_version, event_type, schema_version, payload, metadata, tenant_id, occurred_at, prev_hash, hash, mac, mac_key_id';
