/** A committed append's last event, as the witness keeps it: enough to find it again. */
export interface WitnessedHead {
  streamType: string;
  streamId: string;
  streamVersion: number;
  position: string;
  txId: string;
  hash: string;
}

/** A seal as the witness keeps it (the same fields as the `event_seals` row). */
export interface WitnessedSeal {
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

export type WitnessRecord =
  | { kind: 'heads'; at: string; heads: WitnessedHead[] }
  | { kind: 'seal'; at: string; seal: WitnessedSeal };

/** Where a reader of the witness got to; opaque to everyone but the adapter that made it. */
export type WitnessMark = Record<string, unknown>;

/**
 * A copy of what the ledger committed, kept outside the database, that the database's holder
 * cannot rewrite: every seal, and the head of every committed append. Verification compares
 * the database with it, so deleting seals, the tail after the last seal or a whole stream is
 * seen. Adapters: an append-only file under DATA_DIR (the default) and S3 with object lock.
 */
export abstract class LedgerWitness {
  /** Where the records go, for operators (`file:/…`, `s3://bucket/prefix`). */
  abstract readonly location: string;

  /** Stores a record durably before resolving; records are never changed or removed. */
  abstract append(record: WitnessRecord): Promise<void>;

  /**
   * Visits every record written after `mark` (every record with null), each writer's in the
   * order written, and returns the mark to continue from next time.
   */
  abstract scan(
    mark: WitnessMark | null,
    visit: (record: WitnessRecord) => void | Promise<void>,
  ): Promise<WitnessMark>;

  /** Releases files or clients; a later append opens them again. */
  abstract close(): Promise<void>;
}

/** A stored record read back; null for anything that is not one (damaged, foreign). */
export function parseWitnessRecord(text: string): WitnessRecord | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  return isWitnessRecord(value) ? value : null;
}

function isWitnessRecord(value: unknown): value is WitnessRecord {
  const r = value as { kind?: unknown; heads?: unknown; seal?: unknown } | null;
  return (
    typeof r === 'object' &&
    r !== null &&
    ((r.kind === 'heads' && Array.isArray(r.heads)) ||
      (r.kind === 'seal' && typeof r.seal === 'object' && r.seal !== null))
  );
}
