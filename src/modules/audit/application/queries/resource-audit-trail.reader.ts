import type { AuditEntry } from '../../domain/audit-entry';

export interface ResourceAuditTrailPage {
  items: AuditEntry[];
  nextCursor: string | null;
}

/**
 * Published to other contexts (audit.public.ts): the audit trail of a set of resources of one
 * tenant, newest first, in keyset pages, personal values revealed (or `[erased]`). A context
 * serves the history of its own resources with it instead of reading the ledger.
 */
export abstract class ResourceAuditTrailReader {
  abstract find(
    tenantId: string,
    resourceIds: readonly string[],
    page: { limit: number; cursor?: string | null },
  ): Promise<ResourceAuditTrailPage>;
}
