import { Injectable } from '@nestjs/common';
import { Db } from '@opsledger/persistence';
import { AuditTrailWriter } from '../../application/audit-trail-writer.port';
import { AuditEntry } from '../../domain/audit-entry';

/**
 * The trail in its table: the filtered fields as typed columns (their comparisons are
 * leakproof, so the indexes serve under row-level security), the whole entry as JSONB.
 * Runs inside the projection runner's transaction, in system scope.
 */
@Injectable()
export class SqlAuditTrailWriter extends AuditTrailWriter {
  constructor(private readonly db: Db) {
    super();
  }

  async insert(entries: readonly AuditEntry[]): Promise<void> {
    await this.db.manager.query(
      `INSERT INTO audit_trail (position, event_id, tenant_id, event_type, resource_type, resource_id,
                                action, actor_id, actor_type, result, occurred_at, entry)
       SELECT (e->>'position')::bigint, (e->>'eventId')::uuid, (e->>'tenantId')::uuid, e->>'eventType',
              e->>'resourceType', e->>'resourceId', e->>'action', e#>>'{actor,id}', e#>>'{actor,type}',
              e->>'result', (e->>'occurredAt')::timestamptz, e
         FROM jsonb_array_elements($1::jsonb) AS e
       ON CONFLICT DO NOTHING`,
      [JSON.stringify(entries)],
    );
  }

  async clear(): Promise<void> {
    await this.db.manager.query(`DELETE FROM audit_trail`);
  }
}
