import { DomainEvent, NO_PERSONAL_DATA } from '@opsledger/ddd';

export interface LedgerSealRefusedPayload {
  /** What failed verification, first by position (at most 20). */
  findings: Array<{ position: string; reason: string; sealId: string | null }>;
  findingCount: number;
}

/** The seal job found the ledger broken and signed nothing. */
export class LedgerSealRefusedEvent extends DomainEvent<LedgerSealRefusedPayload> {
  static readonly personalData = NO_PERSONAL_DATA;
  readonly type = 'audit.ledger.seal-refused.v1';
}
