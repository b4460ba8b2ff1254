import { Injectable } from '@nestjs/common';
import { DomainError } from '@opsledger/ddd';
import { decodeCursor, Page, toPage } from '@opsledger/http';
import { Db } from '@opsledger/persistence';
import {
  WorkOrderPartView,
  WorkOrderRef,
} from '../../application/queries/work-order-part.read-model';
import { WorkOrderPartReader } from '../../application/queries/work-order-part.reader';
import { WorkOrderPartStatus } from '../../domain/work-order-part';

interface PartRow {
  id: string;
  work_order_id: string;
  inventory_id: string;
  sku: string;
  name: string;
  quantity: number;
  unit_cost: string;
  total_cost: string;
  status: WorkOrderPartStatus;
  created_at: Date;
  updated_at: Date;
}

const COLUMNS = `p.id, p.work_order_id, p.inventory_id, i.sku, i.name, p.quantity, p.unit_cost::text AS unit_cost,
  (p.unit_cost * p.quantity)::text AS total_cost, p.status, p.created_at, p.updated_at`;
const FROM = `work_order_parts p JOIN inventory i ON i.id = p.inventory_id AND i.tenant_id = p.tenant_id`;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const UTC_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

const toView = (r: PartRow): WorkOrderPartView => ({
  id: r.id,
  workOrderId: r.work_order_id,
  inventoryId: r.inventory_id,
  sku: r.sku,
  name: r.name,
  quantity: r.quantity,
  unitCost: r.unit_cost,
  totalCost: r.total_cost,
  status: r.status,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

/** Reads `work_orders` only as the schema gives it: the work-orders part owns those rows. */
@Injectable()
export class SqlWorkOrderPartReader extends WorkOrderPartReader {
  constructor(private readonly db: Db) {
    super();
  }

  async findWorkOrder(
    tenantId: string,
    workOrderId: string,
    lock: boolean,
  ): Promise<WorkOrderRef | null> {
    const rows = (await this.db.manager.query(
      `SELECT id, status, assigned_technician_id, is_active FROM work_orders WHERE tenant_id = $1 AND id = $2
       ${lock ? 'FOR SHARE' : ''}`,
      [tenantId, workOrderId],
    )) as Array<{
      id: string;
      status: string;
      assigned_technician_id: string | null;
      is_active: boolean;
    }>;
    const row = rows[0];
    return row
      ? {
          id: row.id,
          status: row.status,
          assignedTechnicianId: row.assigned_technician_id,
          isActive: row.is_active,
        }
      : null;
  }

  async getPart(
    tenantId: string,
    workOrderId: string,
    partId: string,
  ): Promise<WorkOrderPartView | null> {
    const rows = (await this.db.manager.query(
      `SELECT ${COLUMNS} FROM ${FROM} WHERE p.tenant_id = $1 AND p.work_order_id = $2 AND p.id = $3`,
      [tenantId, workOrderId, partId],
    )) as PartRow[];
    return rows[0] ? toView(rows[0]) : null;
  }

  async listParts(
    tenantId: string,
    workOrderId: string,
    limit: number,
    cursor: string | undefined,
  ): Promise<Page<WorkOrderPartView>> {
    const after = decodeCursor(cursor, 2);
    if (
      after &&
      (typeof after[0] !== 'string' ||
        !UTC_INSTANT.test(after[0]) ||
        typeof after[1] !== 'string' ||
        !UUID.test(after[1]))
    ) {
      throw new DomainError(
        'REQUEST.INVALID_CURSOR',
        'invalid_input',
        'cursor is not a valid cursor',
        { field: 'cursor' },
      );
    }
    const rows = (await this.db.manager.query(
      `SELECT ${COLUMNS}, to_char(p.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS cursor_at
         FROM ${FROM}
        WHERE p.tenant_id = $1 AND p.work_order_id = $2
          AND ($3::timestamptz IS NULL OR (p.created_at, p.id) > ($3::timestamptz, $4::uuid))
        ORDER BY p.created_at, p.id
        LIMIT $5`,
      [tenantId, workOrderId, after?.[0] ?? null, after?.[1] ?? null, limit + 1],
    )) as Array<PartRow & { cursor_at: string }>;
    return toPage(rows, limit, toView, (r) => [r.cursor_at, r.id]);
  }
}
