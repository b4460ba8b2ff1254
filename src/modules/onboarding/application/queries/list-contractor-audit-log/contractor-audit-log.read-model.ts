import type { AuditEntry } from '../../../../audit/audit.public';

/**
 * Spec 000's `audit_log` row (id, occurred_at, actor_type, actor_id, contractor_id, action,
 * details), served from the ledger's audit trail: `id` is the ledger position, `action` the
 * ledger event's action on the resource, and `details` says which resource, what it was and
 * became (old/new values), from where and with what result.
 */
export interface ContractorAuditLogView {
  id: number;
  occurred_at: string;
  actor_type: string;
  actor_id: string | null;
  contractor_id: string;
  action: string;
  details: {
    resource_type: string;
    resource_id: string;
    event_type: string;
    old_values: Record<string, unknown> | null;
    new_values: Record<string, unknown> | null;
    ip_address: string | null;
    user_agent: string | null;
    result: string;
    error_message: string | null;
  };
}

/**
 * The contractor's own user sees where its own requests came from, not a reviewer's address or
 * browser (reviewers see every entry's).
 */
export function toContractorAuditLog(
  entry: AuditEntry,
  contractorId: string,
  viewer: { reviewer: boolean; userId: string | null },
): ContractorAuditLogView {
  const ownEntry = entry.actor.type === 'user' && entry.actor.id === viewer.userId;
  const showOrigin = viewer.reviewer || ownEntry;
  return {
    id: entry.position,
    occurred_at: entry.occurredAt,
    actor_type: entry.actor.type,
    actor_id: entry.actor.id,
    contractor_id: contractorId,
    action: entry.action,
    details: {
      resource_type: entry.resourceType,
      resource_id: entry.resourceId,
      event_type: entry.eventType,
      old_values: entry.oldValues,
      new_values: entry.newValues,
      ip_address: showOrigin ? entry.ip : null,
      user_agent: showOrigin ? entry.userAgent : null,
      result: entry.result,
      error_message: entry.error,
    },
  };
}
