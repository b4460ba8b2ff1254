import { StoredEvent } from '@opsledger/event-store';
import { CommitCursor } from '../../domain/ledger-event';
import { LedgerSeal } from '../../domain/ledger-seal';
import { SealedEventRef } from '../../domain/ledger-seal.repository';

/** A stored event with the stored hash of its predecessor in the stream (null when none exists). */
export interface LinkedLedgerEvent {
  event: StoredEvent;
  predecessorHash: string | null;
}

/** A linked event with the storage's version of its row (PostgreSQL: `xmin`). */
export interface WalkedLedgerEvent extends LinkedLedgerEvent {
  rowVersion: string;
}

/** A seal's range in commit order: after the previous seal's end, up to its own. */
export interface SealRange {
  sealId: string;
  after: CommitCursor;
  to: CommitCursor;
  /** The previous seal's digest as the seal records it: where its digest starts. */
  prevSealDigest: string | null;
}

/** A seal's range as stored now, summed up without reading its events out. */
export interface SealRangeSummary {
  sealId: string;
  eventCount: number;
  first: CommitCursor | null;
  /** The seal digest recomputed from the stored positions and hashes (`SealDigest`'s bytes). */
  digest: string;
  /** `RowsFingerprint` of the stored rows' versions, in commit order. */
  rowsFingerprint: string;
}

/** Which event of which stream. */
export interface StreamVersionRef {
  streamType: string;
  streamId: string;
  streamVersion: number;
}

/** An event found at a stream version: where it sits and its hash. */
export interface LocatedEvent extends StreamVersionRef {
  position: string;
  txId: string;
  hash: string;
}

/** The first and last seal (in commit order) of a run of seals. */
export interface SealSpan {
  first: LedgerSeal;
  last: LedgerSeal;
}

/** What a verification reads: the ledger's events and seals, one way or another. */
export interface VerifiableLedger {
  /** Events with position in (afterPosition, toPosition], ascending. */
  linkedEvents(
    afterPosition: string,
    toPosition: string,
    limit: number,
  ): Promise<LinkedLedgerEvent[]>;
  /** Events in commit order in (after, upTo]. */
  eventRefs(after: CommitCursor, upTo: CommitCursor, limit: number): Promise<SealedEventRef[]>;
  allSeals(): Promise<SealSpan | null>;
  sealsOverlapping(fromPosition: string, toPosition: string): Promise<SealSpan | null>;
  sealBefore(seal: LedgerSeal): Promise<LedgerSeal | null>;
  sealsBetween(
    after: CommitCursor | null,
    upTo: CommitCursor,
    limit: number,
  ): Promise<LedgerSeal[]>;
  /** The seals with these ids that exist. */
  sealsById(ids: readonly string[]): Promise<LedgerSeal[]>;
  /** The events at these stream versions that exist. */
  eventsAt(refs: readonly StreamVersionRef[]): Promise<LocatedEvent[]>;
}

/** Read port straight over the ledger tables, bypassing every projection. */
export abstract class LedgerReader implements VerifiableLedger {
  abstract maxPosition(): Promise<string | null>;

  /** Committed events after the newest seal, and the age in seconds of the oldest of them. */
  abstract sealLag(): Promise<{ events: number; seconds: number }>;

  /** Whether at least `count` committed events wait for a seal (reads at most `count` of them). */
  abstract unsealedAtLeast(count: number): Promise<boolean>;

  /** Events with position in (afterPosition, toPosition], ascending. */
  abstract linkedEvents(
    afterPosition: string,
    toPosition: string,
    limit: number,
  ): Promise<LinkedLedgerEvent[]>;

  /** Events in commit order in (after, upTo]. */
  abstract eventRefs(
    after: CommitCursor,
    upTo: CommitCursor,
    limit: number,
  ): Promise<SealedEventRef[]>;

  /** Every seal; null when there is none. */
  abstract allSeals(): Promise<SealSpan | null>;

  /** The seals covering any event with a position in [fromPosition, toPosition]. */
  abstract sealsOverlapping(fromPosition: string, toPosition: string): Promise<SealSpan | null>;

  /** The seal just before `seal` in the chain. */
  abstract sealBefore(seal: LedgerSeal): Promise<LedgerSeal | null>;

  /** Seals after `after` (from the first without it) up to `upTo`, in commit order. */
  abstract sealsBetween(
    after: CommitCursor | null,
    upTo: CommitCursor,
    limit: number,
  ): Promise<LedgerSeal[]>;

  /** Newest first, strictly before `before` when given. */
  abstract latestSeals(before: CommitCursor | null, limit: number): Promise<LedgerSeal[]>;

  abstract sealsById(ids: readonly string[]): Promise<LedgerSeal[]>;

  /**
   * Committed events after `after` in commit order, never past the ledger's read horizon (the
   * projector's rule), so nothing can later appear inside a sealed range.
   */
  abstract committedAfter(after: CommitCursor, limit: number): Promise<LinkedLedgerEvent[]>;

  abstract eventsAt(refs: readonly StreamVersionRef[]): Promise<LocatedEvent[]>;

  /**
   * Events in commit order after `after`, up to `upTo` when given, with positions up to
   * `toPosition` when given, each with its stream predecessor's hash and its row version.
   */
  abstract walk(
    after: CommitCursor,
    upTo: CommitCursor | null,
    toPosition: string | null,
    limit: number,
  ): Promise<WalkedLedgerEvent[]>;

  /** One summary per range, computed where the events are stored. */
  abstract summariseSealRanges(ranges: readonly SealRange[]): Promise<SealRangeSummary[]>;
}
