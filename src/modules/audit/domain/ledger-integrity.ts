/**
 * What a ledger check can find broken. The texts are part of the API: auditors and the
 * offline verifier report the same words.
 */
export const IntegrityBreak = {
  hashMismatch: 'hash mismatch: event content changed',
  chainBroken: 'chain broken: prev_hash does not match predecessor',
  versionGap: 'stream version gap',
  sealDigestMismatch: 'seal digest mismatch: events removed or reordered',
  sealRangeMismatch: 'seal range mismatch: recorded bounds or event count altered',
  sealSignatureInvalid: 'seal signature invalid',
  sealChainBroken: 'seal chain broken: prev_seal_digest does not match the previous seal',
} as const;

export type IntegrityBreakReason = (typeof IntegrityBreak)[keyof typeof IntegrityBreak];

/** An event as stored, with what its stream says came before it. */
export interface LinkedEventCheck {
  streamVersion: number;
  prevHash: string | null;
  storedHash: string;
  /** The hash recomputed from the stored content. */
  recomputedHash: string;
  /** The stored hash of the event one version earlier in the same stream; null when there is none. */
  predecessorHash: string | null;
}

/** The first rule an event breaks, or null when it is intact. */
export function eventBreakOf(e: LinkedEventCheck): IntegrityBreakReason | null {
  if (e.recomputedHash !== e.storedHash) return IntegrityBreak.hashMismatch;
  if (e.streamVersion === 1) return e.prevHash === null ? null : IntegrityBreak.chainBroken;
  if (e.predecessorHash === null) return IntegrityBreak.versionGap;
  return e.prevHash === e.predecessorHash ? null : IntegrityBreak.chainBroken;
}

export interface IntegrityFinding {
  position: string;
  reason: IntegrityBreakReason;
  sealId: string | null;
}

/** Keeps the finding at the lowest position; on a tie the first one noted (the more precise) wins. */
export function earliestFinding(
  a: IntegrityFinding | null,
  b: IntegrityFinding | null,
): IntegrityFinding | null {
  if (!a) return b;
  if (!b) return a;
  return BigInt(b.position) < BigInt(a.position) ? b : a;
}
