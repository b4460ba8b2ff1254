import { AuditEntry } from '../../domain/audit-entry';

export interface AuditTrailFilter {
  actorId?: string;
  resourceType?: string;
  resourceId?: string;
  /** Any of these resources (ledger stream ids). */
  resourceIds?: readonly string[];
  action?: string;
  tenantId?: string;
  result?: string;
  /** Inclusive bounds on when the event occurred. */
  from?: Date;
  to?: Date;
}

export interface AuditTrailPageRequest {
  limit: number;
  cursor?: string | null;
  /** By ledger position. */
  order: 'asc' | 'desc';
}

export interface AuditTrailPage {
  items: AuditEntry[];
  nextCursor: string | null;
}

/** Read port over the `audit_trail` projection, across every tenant (auditors are platform-wide). */
export abstract class AuditTrailReader {
  abstract find(filter: AuditTrailFilter, page: AuditTrailPageRequest): Promise<AuditTrailPage>;
}
