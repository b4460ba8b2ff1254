import { DomainError } from '@opsledger/ddd';

/** Nothing committed yet: there is no event to seal and no earlier seal to show. */
export class NothingToSealError extends DomainError {
  constructor() {
    super('AUDIT.NOTHING_TO_SEAL', 'conflict', 'The ledger holds no committed event to seal yet');
  }
}

/** The range to seal (or the seal chain) failed verification: a broken chain is never signed. */
export class LedgerBrokenError extends DomainError {
  constructor(first: { position: string; reason: string }, count: number) {
    super(
      'AUDIT.LEDGER_BROKEN',
      'conflict',
      `Sealing refused: the ledger failed verification at position ${first.position} (${first.reason})` +
        (count > 1 ? ` and ${count - 1} more finding(s); see GET /api/v1/audit/verify` : ''),
    );
  }
}
