import { Injectable } from '@nestjs/common';
import { Db } from '@opsledger/persistence';
import { DealTimelineRow, DealTimelineWriter } from '../../application/deal-timeline-writer.port';

@Injectable()
export class SqlDealTimelineWriter extends DealTimelineWriter {
  constructor(private readonly db: Db) {
    super();
  }

  /** Idempotent by ledger event; a deal purged since leaves no timeline row behind. */
  async insert(rows: readonly DealTimelineRow[]): Promise<void> {
    await this.db.manager.query(
      `INSERT INTO deal_events (id, tenant_id, deal_id, event_type, description, metadata, created_at, created_by, source_event_id)
       SELECT gen_random_uuid(), x.tenant_id, x.deal_id, x.event_type, x.description, x.metadata, x.created_at, x.created_by, x.source_event_id
         FROM jsonb_to_recordset($1::jsonb) AS x(tenant_id uuid, deal_id uuid, event_type text, description text,
                                                 metadata jsonb, created_at timestamptz, created_by uuid, source_event_id uuid)
        WHERE EXISTS (SELECT 1 FROM deals d WHERE d.id = x.deal_id)
       ON CONFLICT (source_event_id) DO NOTHING`,
      [
        JSON.stringify(
          rows.map((r) => ({
            tenant_id: r.tenantId,
            deal_id: r.dealId,
            event_type: r.eventType,
            description: r.description,
            metadata: r.metadata,
            created_at: r.createdAt.toISOString(),
            created_by: r.createdBy,
            source_event_id: r.sourceEventId,
          })),
        ),
      ],
    );
  }

  async clear(): Promise<void> {
    await this.db.manager.query(`DELETE FROM deal_events`);
  }
}
