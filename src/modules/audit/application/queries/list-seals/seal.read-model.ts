import { LedgerSeal } from '../../../domain/ledger-seal';

export interface SealView {
  id: string;
  fromTxId: string;
  fromPosition: string;
  toTxId: string;
  toPosition: string;
  eventCount: number;
  digest: string;
  prevSealDigest: string | null;
  signature: string;
  keyId: string;
  createdAt: string;
}

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
