import { Injectable } from '@nestjs/common';
import { decodeSortedCursor, Page, toPage } from '@opsledger/http';
import { Db } from '@opsledger/persistence';
import {
  WorkOrderFilter,
  WorkOrderListOptions,
  WorkOrderSort,
  WorkOrderView,
} from '../../application/queries/work-order.read-model';
import { WorkOrderReader } from '../../application/queries/work-order.reader';
import {
  WORK_ORDER_LIFECYCLE,
  WorkOrderPriority,
  WorkOrderStatus,
} from '../../domain/work-order-lifecycle';

interface WorkOrderRow {
  id: string;
  tenant_id: string;
  title: string;
  description: string | null;
  status: WorkOrderStatus;
  priority: WorkOrderPriority;
  customer_id: string;
  assigned_technician_id: string | null;
  scheduled_start: Date | null;
  scheduled_end: Date | null;
  completed_at: Date | null;
  labor_hours: string | null;
  is_active: boolean;
  created_at: Date;
  updated_at: Date;
  version: number;
}

const COLUMNS = `w.id, w.tenant_id, w.title, w.description, w.status, w.priority, w.customer_id, w.assigned_technician_id,
  w.scheduled_start, w.scheduled_end, w.completed_at, w.labor_hours::text AS labor_hours, w.is_active, w.created_at, w.updated_at, w.version`;

/** Unscheduled orders sort after every scheduled one; priorities by urgency. */
const SORT_KEYS: Record<WorkOrderSort, { key: string; cast: string }> = {
  createdAt: { key: 'w.created_at', cast: 'timestamptz' },
  scheduledStart: {
    key: `COALESCE(w.scheduled_start, 'infinity'::timestamptz)`,
    cast: 'timestamptz',
  },
  priority: {
    key: `CASE w.priority WHEN 'low' THEN 0 WHEN 'normal' THEN 1 WHEN 'high' THEN 2 ELSE 3 END`,
    cast: 'int',
  },
};

const toView = (r: WorkOrderRow): WorkOrderView => ({
  id: r.id,
  tenantId: r.tenant_id,
  title: r.title,
  description: r.description,
  status: r.status,
  priority: r.priority,
  customerId: r.customer_id,
  assignedTechnicianId: r.assigned_technician_id,
  scheduledStart: r.scheduled_start,
  scheduledEnd: r.scheduled_end,
  completedAt: r.completed_at,
  laborHours: r.labor_hours,
  isActive: r.is_active,
  allowedActions: r.is_active ? WORK_ORDER_LIFECYCLE.allowedActions(r.status) : [],
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  version: r.version,
});

/**
 * `q` as a prefix query over the title's words (`furn rep` finds "Furnace repair"), answered
 * by the GIN index on to_tsvector('simple', title). Only letters and digits reach tsquery.
 */
function titleQuery(q: string): string | null {
  const words = q.toLowerCase().match(/[\p{L}\p{N}]+/gu);
  return words ? words.map((w) => `${w}:*`).join(' & ') : null;
}

@Injectable()
export class SqlWorkOrderReader extends WorkOrderReader {
  constructor(private readonly db: Db) {
    super();
  }

  async getWorkOrder(tenantId: string, id: string): Promise<WorkOrderView | null> {
    const rows = (await this.db.manager.query(
      `SELECT ${COLUMNS} FROM work_orders w WHERE w.tenant_id = $1 AND w.id = $2`,
      [tenantId, id],
    )) as WorkOrderRow[];
    return rows[0] ? toView(rows[0]) : null;
  }

  async listWorkOrders(
    tenantId: string,
    filter: WorkOrderFilter,
    options: WorkOrderListOptions,
  ): Promise<Page<WorkOrderView>> {
    const params: unknown[] = [tenantId];
    const where = ['w.tenant_id = $1'];
    const param = (value: unknown) => `$${params.push(value)}`;
    if (filter.status !== undefined) where.push(`w.status = ${param(filter.status)}`);
    if (filter.priority !== undefined) where.push(`w.priority = ${param(filter.priority)}`);
    if (filter.customerId !== undefined)
      where.push(`w.customer_id = ${param(filter.customerId)}::uuid`);
    if (filter.technicianId !== undefined)
      where.push(`w.assigned_technician_id = ${param(filter.technicianId)}::uuid`);
    if (filter.isActive !== undefined) where.push(`w.is_active = ${param(filter.isActive)}`);
    if (filter.scheduledFrom !== undefined)
      where.push(`w.scheduled_start >= ${param(filter.scheduledFrom)}::timestamptz`);
    if (filter.scheduledTo !== undefined)
      where.push(`w.scheduled_start < ${param(filter.scheduledTo)}::timestamptz`);
    if (filter.q !== undefined) {
      const query = titleQuery(filter.q);
      where.push(
        query === null
          ? 'false'
          : `to_tsvector('simple', w.title) @@ to_tsquery('simple', ${param(query)})`,
      );
    }
    const { key, cast } = SORT_KEYS[options.sort];
    const descending = options.order === 'desc';
    const after = decodeSortedCursor(options.cursor, options.sort, options.order);
    if (after)
      where.push(
        `(${key}, w.id) ${descending ? '<' : '>'} (${param(after[0])}::${cast}, ${param(after[1])}::uuid)`,
      );
    const direction = descending ? 'DESC' : 'ASC';
    const rows = (await this.db.manager.query(
      `SELECT ${COLUMNS}, (${key})::text AS sort_key FROM work_orders w
        WHERE ${where.join(' AND ')}
        ORDER BY ${key} ${direction}, w.id ${direction} LIMIT ${param(options.limit + 1)}`,
      params,
    )) as Array<WorkOrderRow & { sort_key: string }>;
    return toPage(rows, options.limit, toView, (r) => [
      options.sort,
      options.order,
      r.sort_key,
      r.id,
    ]);
  }
}
