import type { WitnessedSeal } from '@opsledger/event-store';
import { LedgerSeal } from '../../../domain/ledger-seal';

/** A seal as the API, exports and the witness show it: the same fields everywhere. */
export type SealView = WitnessedSeal;

export function toSealView(seal: LedgerSeal): SealView {
  return {
    id: seal.id,
    fromTxId: seal.from.txId,
    fromPosition: seal.from.position,
    toTxId: seal.to.txId,
    toPosition: seal.to.position,
    eventCount: seal.eventCount,
    digest: seal.digest,
    prevSealDigest: seal.prevSealDigest,
    signature: seal.signature,
    keyId: seal.keyId,
    createdAt: seal.createdAt.toISOString(),
  };
}
