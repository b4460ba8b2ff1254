import { CommitCursor } from './ledger-event';

/**
 * A signed statement that the ledger held exactly these events, in this commit order, from
 * the end of the previous seal (exclusive) to `to` (inclusive). Seals chain through
 * `prevSealDigest`, so removing a seal is as visible as removing an event.
 */
export interface LedgerSeal {
  id: string;
  /** The first event the seal covers. */
  from: CommitCursor;
  /** The last event the seal covers. */
  to: CommitCursor;
  eventCount: number;
  digest: string;
  prevSealDigest: string | null;
  /** Compact JWS over the digest, signed with the platform key `keyId`. */
  signature: string;
  keyId: string;
  createdAt: Date;
}

/** Keeps one seal's digest work bounded; a larger backlog is sealed in several seals. */
export const MAX_EVENTS_PER_SEAL = 10_000;
