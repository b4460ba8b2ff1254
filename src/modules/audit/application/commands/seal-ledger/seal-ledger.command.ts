import { Command } from '@nestjs/cqrs';
import { IntegrityFinding } from '../../../domain/ledger-integrity';
import { LedgerSeal } from '../../../domain/ledger-seal';

export interface SealOutcome {
  /** A new seal was written. */
  created: boolean;
  /** The new seal, else the newest existing one (null before the first). */
  seal: LedgerSeal | null;
  /** Another instance held the seal lock and `wait` was false: nothing was done. */
  busy: boolean;
  /** More committed events wait beyond this seal's size limit. */
  more: boolean;
  /** Sealing was refused: what failed verification (first by position). Null otherwise. */
  refused: IntegrityFinding[] | null;
}

/** Seals the committed events after the last seal. */
export class SealLedgerCommand extends Command<SealOutcome> {
  constructor(
    /** Wait for another sealer to finish (an operator's request) rather than give up (the scheduler). */
    readonly wait: boolean,
  ) {
    super();
  }
}
