/**
 * One ledger event as the audit context reads it. Structurally the event store's
 * `StoredEvent`, restated here so the domain depends on no library module.
 */
export interface LedgerEventRecord {
  position: string;
  txId: string;
  eventId: string;
  streamType: string;
  streamId: string;
  streamVersion: number;
  eventType: string;
  schemaVersion: number;
  payload: Record<string, unknown>;
  metadata: LedgerEventMetadata;
  tenantId: string | null;
  occurredAt: Date;
  prevHash: string | null;
  hash: string;
}

export interface LedgerEventMetadata {
  actorId?: string | null;
  actorType?: string;
  ip?: string | null;
  userAgent?: string | null;
  correlationId?: string;
  causationId?: string | null;
  result?: string;
  error?: string | null;
  previous?: Record<string, unknown> | null;
}

/** A place in commit order: transaction id first, then the global position. */
export interface CommitCursor {
  txId: string;
  position: string;
}

export const COMMIT_ORDER_START: CommitCursor = { txId: '0', position: '0' };

/** Negative, zero or positive as `a` comes before, at or after `b` in commit order. */
export function compareCommitOrder(a: CommitCursor, b: CommitCursor): number {
  const tx = BigInt(a.txId) - BigInt(b.txId);
  if (tx !== 0n) return tx < 0n ? -1 : 1;
  const pos = BigInt(a.position) - BigInt(b.position);
  return pos === 0n ? 0 : pos < 0n ? -1 : 1;
}
