import { AuditEntry } from '../domain/audit-entry';

/** Write port of the `audit_trail` projection: entries keyed by ledger position and event id. */
export abstract class AuditTrailWriter {
  /** Adds the entries; one already there (a replayed batch) is left as it is. */
  abstract insert(entries: readonly AuditEntry[]): Promise<void>;
  /** Empties the trail before a rebuild. */
  abstract clear(): Promise<void>;
}
