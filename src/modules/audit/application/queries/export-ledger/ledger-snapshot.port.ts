import { StoredEvent } from '@opsledger/event-store';
import { CommitCursor } from '../../../domain/ledger-event';
import { LedgerSeal } from '../../../domain/ledger-seal';
import { SealSpan, VerifiableLedger } from '../ledger.reader';

export interface ExportedLedgerEvent extends StoredEvent {
  recordedAt: Date;
}

/** Which events an export holds: all of them, or a window of positions widened to whole seals. */
export type ExportScope =
  | { kind: 'all' }
  | {
      kind: 'window';
      fromPosition: string;
      toPosition: string;
      /** Commit-order range (after, to] of the seals the window touches, exported whole. */
      sealed: { after: CommitCursor; to: CommitCursor } | null;
    };

/**
 * One consistent, read-only view of the ledger for as long as an export streams: an event
 * is in it only if every earlier event of its stream is, and every seal's events are.
 */
export interface LedgerSnapshot extends VerifiableLedger {
  maxPosition(): Promise<string | null>;
  allSeals(): Promise<SealSpan | null>;
  sealsOverlapping(fromPosition: string, toPosition: string): Promise<SealSpan | null>;
  sealBefore(seal: LedgerSeal): Promise<LedgerSeal | null>;
  /** Events in scope after `after`, in commit order. */
  events(after: CommitCursor, scope: ExportScope, limit: number): Promise<ExportedLedgerEvent[]>;
  sealsBetween(
    after: CommitCursor | null,
    upTo: CommitCursor,
    limit: number,
  ): Promise<LedgerSeal[]>;
  close(): Promise<void>;
}

export abstract class LedgerSnapshotSource {
  abstract open(): Promise<LedgerSnapshot>;
}
