import { Query } from '@nestjs/cqrs';
import { LedgerVerification } from './ledger-verification.read-model';

/**
 * Recomputes hashes, stream chains and seals over a window of positions, or the whole ledger:
 * incrementally by default (seals an earlier verification walked are re-checked from their
 * stored hashes and row versions, not walked), every event with `full`. A window is always
 * walked whole.
 */
export class VerifyLedgerQuery extends Query<LedgerVerification> {
  constructor(
    readonly fromPosition: string | null,
    readonly toPosition: string | null,
    readonly full = false,
  ) {
    super();
  }
}
