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
  macMismatch: 'mac mismatch: event not written by the ledger (edited, forged, moved or reordered)',
  macMissing: 'mac missing: event not authenticated by the ledger key',
  macKeyUnknown: 'mac key unknown: event authenticated by a key this service does not hold',
  eventMissing: 'event missing: the witness recorded it, the database does not hold it',
  eventDiffersFromWitness: 'event differs from its witnessed head',
  sealMissing: 'seal missing: the witness recorded it, the database does not hold it',
  sealNotWitnessed: 'seal not witnessed: the witness has no record of it',
  sealDiffersFromWitness: 'seal differs from its witnessed copy',
  verificationRecordInvalid:
    'verification record invalid: not written by a verification of this seal (forged or altered)',
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
  /** The MAC check, where the checker holds the ledger keys (the offline verifier does not). */
  mac?: MacVerdict;
}

/** What checking an event's MAC found (the event store's `MacCheck`). */
export type MacVerdict = 'valid' | 'missing' | 'unknown-key' | 'mismatch';

const MAC_BREAKS: Record<Exclude<MacVerdict, 'valid'>, IntegrityBreakReason> = {
  missing: IntegrityBreak.macMissing,
  'unknown-key': IntegrityBreak.macKeyUnknown,
  mismatch: IntegrityBreak.macMismatch,
};

/** The first rule an event breaks, or null when it is intact. */
export function eventBreakOf(e: LinkedEventCheck): IntegrityBreakReason | null {
  if (e.recomputedHash !== e.storedHash) return IntegrityBreak.hashMismatch;
  if (e.mac && e.mac !== 'valid') return MAC_BREAKS[e.mac];
  if (e.streamVersion === 1) return e.prevHash === null ? null : IntegrityBreak.chainBroken;
  if (e.predecessorHash === null) return IntegrityBreak.versionGap;
  return e.prevHash === e.predecessorHash ? null : IntegrityBreak.chainBroken;
}

export interface IntegrityFinding {
  position: string;
  reason: IntegrityBreakReason;
  sealId: string | null;
}

/** At most this many findings are reported; the first ones by position. */
export const MAX_FINDINGS = 100;

/** Orders findings by position; the order they were noted in breaks ties. */
export function sortFindings(findings: readonly IntegrityFinding[]): IntegrityFinding[] {
  return findings
    .map((f, i) => ({ f, i }))
    .sort((a, b) => {
      const d = BigInt(a.f.position) - BigInt(b.f.position);
      return d < 0n ? -1 : d > 0n ? 1 : a.i - b.i;
    })
    .map(({ f }) => f);
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
