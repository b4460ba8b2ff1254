import { createHash } from 'node:crypto';

/**
 * The record that a verification walked every event of a seal's range and found it intact.
 * The default verification trusts it instead of walking the range again, as long as its MAC
 * holds, it names the seal's digest, and the range still holds `eventCount` events whose stored
 * hashes give that digest and whose stored rows are the ones it saw (`rowsFingerprint`).
 */
export interface SealVerification {
  sealId: string;
  sealDigest: string;
  eventCount: number;
  /**
   * A digest of the storage's versions of the range's rows, in commit order (PostgreSQL: each
   * row's `xmin`). Rewriting any row through SQL (an UPDATE, or a DELETE and INSERT) gives it a
   * new version, so the fingerprint no longer matches even when the hash was kept.
   */
  rowsFingerprint: string;
  verifiedAt: Date;
  mac: string;
  macKeyId: string;
}

/** MAC purpose of a verification record (the ledger key set, kept apart from event MACs). */
export const SEAL_VERIFICATION_PURPOSE = 'ledger-seal-verification';

/** The fields a verification record's MAC covers, in order. */
export function sealVerificationFields(v: Omit<SealVerification, 'mac' | 'macKeyId'>): string[] {
  return [
    v.sealId,
    v.sealDigest,
    String(v.eventCount),
    v.rowsFingerprint,
    v.verifiedAt.toISOString(),
  ];
}

/** SHA-256 of the row versions joined by commas, fed one row at a time. */
export class RowsFingerprint {
  private readonly sha = createHash('sha256');
  private count = 0;

  add(rowVersion: string): void {
    this.sha.update(this.count > 0 ? `,${rowVersion}` : rowVersion);
    this.count += 1;
  }

  finish(): string {
    return this.sha.digest('hex');
  }
}
