import { SealView } from '../list-seals/seal.read-model';

export const EXPORT_FORMAT = 'opsledger-ledger-export';

/** First line: what the file holds and how to check it. */
export interface ExportHeaderRecord {
  kind: 'header';
  format: typeof EXPORT_FORMAT;
  version: 2;
  exportedAt: string;
  /** Every event and seal of the ledger; otherwise a window widened to whole seals. */
  complete: boolean;
  fromPosition: string | null;
  toPosition: string | null;
  order: 'commit (tx_id, position)';
  eventHash: string;
  sealDigest: string;
  attestation: string;
  /** Personal values stay encrypted in the export: it is for verification, not for reading. */
  personalData: string;
}

/** A ledger event exactly as stored: what its hash covers plus storage-assigned fields. */
export interface ExportedEventRecord {
  kind: 'event';
  position: string;
  txId: string;
  eventId: string;
  streamType: string;
  streamId: string;
  streamVersion: number;
  eventType: string;
  schemaVersion: number;
  payload: Record<string, unknown>;
  metadata: Record<string, unknown>;
  tenantId: string | null;
  occurredAt: string;
  recordedAt: string;
  prevHash: string | null;
  hash: string;
  mac: string | null;
  macKeyId: string | null;
}

/**
 * A seal. The `anchor` seal of a partial export is the one just before the exported seals:
 * its events are not in the file, but its signature and digest anchor the chain.
 */
export interface ExportedSealRecord extends SealView {
  kind: 'seal';
  anchor: boolean;
}

/**
 * The service's signed statement over the export, checked with the JWKS: exactly these events
 * (their digest) and seals, and what the service found verifying them with its MAC keys and
 * its witness, which the file alone cannot show (the tail after the last seal, deletions).
 */
export interface ExportAttestationRecord {
  kind: 'attestation';
  exportedAt: string;
  complete: boolean;
  fromPosition: string | null;
  toPosition: string | null;
  events: number;
  /** sha256 hex of canonical JSON `[[position, txId, hash], …]` over the exported events, in file order. */
  eventsDigest: string;
  seals: number;
  lastSealDigest: string | null;
  intact: boolean;
  findings: Array<{ position: string; reason: string; sealId: string | null }>;
  witness: string;
  /** Compact JWS (ES256) whose payload is the canonical JSON of this record without `signature` and `keyId`. */
  signature: string;
  keyId: string;
}

/** Last line: without it the file was cut short. */
export interface ExportTrailerRecord {
  kind: 'end';
  events: number;
  seals: number;
}

export type LedgerExportRecord =
  | ExportHeaderRecord
  | ExportedEventRecord
  | ExportedSealRecord
  | ExportAttestationRecord
  | ExportTrailerRecord;
