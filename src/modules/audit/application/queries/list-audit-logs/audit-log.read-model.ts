import { AuditEntry } from '../../../domain/audit-entry';

/**
 * An audit entry in spec 003's `audit_logs` shape, for clients written against it. `id` is
 * the ledger position (a serial, as there); resource and user ids are the platform's UUIDs.
 */
export interface AuditLogView {
  id: number;
  resource_type: string;
  resource_id: string;
  action: string;
  old_values: Record<string, unknown> | null;
  new_values: Record<string, unknown> | null;
  user_id: string | null;
  ip_address: string | null;
  user_agent: string | null;
  result: string;
  error_message: string | null;
  created_at: string;
}

export function toAuditLog(entry: AuditEntry): AuditLogView {
  return {
    id: entry.position,
    resource_type: entry.resourceType,
    resource_id: entry.resourceId,
    action: entry.action,
    old_values: entry.oldValues,
    new_values: entry.newValues,
    user_id: entry.actor.type === 'user' ? entry.actor.id : null,
    ip_address: entry.ip,
    user_agent: entry.userAgent,
    result: entry.result,
    error_message: entry.error,
    created_at: entry.occurredAt,
  };
}
