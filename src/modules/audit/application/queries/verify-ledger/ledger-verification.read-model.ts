export interface LedgerVerification {
  intact: boolean;
  /** `full` walked every event of the window; `incremental` skipped seals already verified. */
  mode: 'incremental' | 'full';
  checkedEvents: number;
  /** Events whose hash, MAC and stream link were recomputed in this run. */
  eventsWalked: number;
  checkedSeals: number;
  /** Seals accepted on the record of an earlier walk that still matches them. */
  previouslyVerifiedSeals: number;
  /** The window checked; `toPosition` is the last position at the start when none was given. */
  fromPosition: string;
  toPosition: string | null;
  firstBrokenPosition: string | null;
  reason: string | null;
  /** The seal whose check failed, when a seal check found the break. */
  brokenSealId: string | null;
  /** Every break found (the first 100 by position), each at its exact position. */
  findings: Array<{ position: string; reason: string; sealId: string | null }>;
  /** The witness the database was compared with, and how many of its records applied. */
  witness: { location: string; seals: number; heads: number };
}
