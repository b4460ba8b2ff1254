import { Query } from '@nestjs/cqrs';
import { LedgerVerification } from './ledger-verification.read-model';

/** Recomputes hashes, stream chains and seals over a window of positions (the whole ledger by default). */
export class VerifyLedgerQuery extends Query<LedgerVerification> {
  constructor(
    readonly fromPosition: string | null,
    readonly toPosition: string | null,
  ) {
    super();
  }
}
