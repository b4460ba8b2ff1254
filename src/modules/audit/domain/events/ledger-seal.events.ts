import { DomainEvent } from '@opsledger/ddd';

export interface LedgerSealRefusedPayload {
  /** What failed verification, first by position (at most 20). */
  findings: Array<{ position: string; reason: string; sealId: string | null }>;
  findingCount: number;
}

/** The seal job found the ledger broken and signed nothing. */
export class LedgerSealRefusedEvent extends DomainEvent<LedgerSealRefusedPayload> {
  readonly type = 'audit.ledger.seal-refused.v1';
}
