import { CommitCursor } from './ledger-event';
import { IntegrityFinding } from './ledger-integrity';
import { LedgerSeal } from './ledger-seal';

/** An event as a seal sees it: its place in commit order and its hash. */
export interface SealedEventRef extends CommitCursor {
  hash: string;
}

export type SealLockOutcome<T> = { acquired: true; value: T } | { acquired: false };

/** The seal chain's write side. */
export abstract class LedgerSealRepository {
  /**
   * Runs `fn` in one transaction that holds the ledger-wide seal lock, so only one process
   * seals at a time. With `wait` false an instance that finds the lock taken gives up.
   */
  abstract withSealLock<T>(wait: boolean, fn: () => Promise<T>): Promise<SealLockOutcome<T>>;

  /** The newest seal (last in commit order), or null before the first one. */
  abstract latest(): Promise<LedgerSeal | null>;

  abstract add(seal: LedgerSeal): Promise<void>;

  /** Records in the ledger itself that sealing was refused, and why. */
  abstract recordRefusal(findings: readonly IntegrityFinding[]): Promise<void>;
}
