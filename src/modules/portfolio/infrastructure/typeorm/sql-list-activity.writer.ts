import { Injectable } from '@nestjs/common';
import { Db } from '@opsledger/persistence';
import { ListActivityRow, ListActivityWriter } from '../../application/list-activity-writer.port';

@Injectable()
export class SqlListActivityWriter extends ListActivityWriter {
  /** Months whose partition this instance has made sure of. */
  private readonly months = new Set<string>();

  constructor(private readonly db: Db) {
    super();
  }

  async insert(rows: readonly ListActivityRow[]): Promise<void> {
    for (const month of new Set(rows.map((r) => r.createdAt.toISOString().slice(0, 7)))) {
      if (this.months.has(month)) continue;
      await this.db.manager.query(`SELECT portfolio_ensure_activity_partition($1::date)`, [
        `${month}-01`,
      ]);
      this.months.add(month);
    }
    await this.db.manager.query(
      `INSERT INTO contractor_list_activity (id, tenant_id, list_id, user_id, action, item_id, metadata, created_at)
       SELECT id, tenant_id, list_id, user_id, action, item_id, metadata, created_at
         FROM jsonb_to_recordset($1::jsonb) AS x(id uuid, tenant_id uuid, list_id uuid, user_id uuid, action text,
                                                item_id uuid, metadata jsonb, created_at timestamp)
       ON CONFLICT DO NOTHING`,
      [
        JSON.stringify(
          rows.map((r) => ({
            id: r.id,
            tenant_id: r.tenantId,
            list_id: r.listId,
            user_id: r.userId,
            action: r.action,
            item_id: r.itemId,
            metadata: r.metadata,
            created_at: r.createdAt.toISOString().replace('Z', ''),
          })),
        ),
      ],
    );
  }

  async clear(): Promise<void> {
    await this.db.manager.query(`DELETE FROM contractor_list_activity`);
  }
}
