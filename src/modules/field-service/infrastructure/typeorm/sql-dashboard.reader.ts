import { Injectable } from '@nestjs/common';
import { Db } from '@opsledger/persistence';
import { DashboardView } from '../../application/queries/dashboard.read-model';
import { DashboardReader } from '../../application/queries/dashboard.reader';

const OPEN_STATUSES = ['pending', 'assigned', 'in_progress', 'on_hold'] as const;

/**
 * One statement, so the three figures come from one snapshot. Sums stay `numeric` up to the
 * text they are sent as; months and due dates are taken in UTC.
 */
const SUMMARY = `
WITH open_orders AS (
  SELECT status, count(*)::int AS n FROM work_orders
   WHERE tenant_id = $1 AND is_active AND status = ANY($2::text[])
   GROUP BY status
), overdue AS (
  SELECT count(*)::int AS count, round(COALESCE(sum(total), 0), 2)::text AS total FROM invoices
   WHERE tenant_id = $1 AND is_active
     AND (status = 'overdue' OR (status = 'sent' AND due_date < (now() AT TIME ZONE 'UTC')::date))
), months AS (
  SELECT generate_series(date_trunc('month', now() AT TIME ZONE 'UTC') - interval '11 months',
                         date_trunc('month', now() AT TIME ZONE 'UTC'), interval '1 month') AS start
), revenue AS (
  SELECT m.start, to_char(m.start, 'YYYY-MM') AS month, round(COALESCE(sum(i.total), 0), 2)::text AS revenue
    FROM months m
    LEFT JOIN invoices i ON i.tenant_id = $1 AND i.status = 'paid' AND i.is_active
     AND i.paid_at >= (m.start AT TIME ZONE 'UTC') AND i.paid_at < ((m.start + interval '1 month') AT TIME ZONE 'UTC')
   GROUP BY m.start
)
SELECT (SELECT COALESCE(json_object_agg(status, n), '{}'::json) FROM open_orders) AS open_orders,
       (SELECT row_to_json(o) FROM overdue o) AS overdue,
       (SELECT json_agg(json_build_object('month', month, 'revenue', revenue) ORDER BY start) FROM revenue) AS revenue`;

@Injectable()
export class SqlDashboardReader extends DashboardReader {
  constructor(private readonly db: Db) {
    super();
  }

  async summary(tenantId: string): Promise<DashboardView> {
    const rows = (await this.db.manager.query(SUMMARY, [tenantId, OPEN_STATUSES])) as Array<{
      open_orders: Partial<Record<(typeof OPEN_STATUSES)[number], number>>;
      overdue: { count: number; total: string };
      revenue: Array<{ month: string; revenue: string }>;
    }>;
    const row = rows[0];
    return {
      openWorkOrdersByStatus: {
        pending: row.open_orders.pending ?? 0,
        assigned: row.open_orders.assigned ?? 0,
        in_progress: row.open_orders.in_progress ?? 0,
        on_hold: row.open_orders.on_hold ?? 0,
      },
      overdueInvoices: { count: row.overdue.count, total: row.overdue.total },
      revenueByMonth: row.revenue,
    };
  }
}
