export interface LedgerVerification {
  intact: boolean;
  checkedEvents: number;
  checkedSeals: number;
  /** The window checked; `toPosition` is the last position at the start when none was given. */
  fromPosition: string;
  toPosition: string | null;
  firstBrokenPosition: string | null;
  reason: string | null;
  /** The seal whose check failed, when a seal check found the break. */
  brokenSealId: string | null;
}
