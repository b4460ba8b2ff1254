import { Injectable } from '@nestjs/common';
import { Db } from '@opsledger/persistence';
import { BillingSourcesReader } from '../../application/queries/billing-sources.reader';
import { BillableWorkOrder } from '../../domain/invoice-line-item';

interface WorkOrderRow {
  id: string;
  customer_id: string;
  status: string;
  title: string;
  labor_hours: string | null;
  technician_id: string | null;
  technician_name: string | null;
  hourly_rate: string | null;
}

interface PartRow {
  inventory_id: string;
  name: string | null;
  sku: string | null;
  quantity: number;
  unit_cost: string;
}

/** Reads customers, work orders, technicians and parts by the migrations' schema, the contract between the parts of the context. */
@Injectable()
export class SqlBillingSourcesReader extends BillingSourcesReader {
  constructor(private readonly db: Db) {
    super();
  }

  async customerExists(tenantId: string, customerId: string): Promise<boolean> {
    const rows = (await this.db.manager.query(
      `SELECT 1 FROM customers WHERE tenant_id = $1 AND id = $2`,
      [tenantId, customerId],
    )) as unknown[];
    return rows.length > 0;
  }

  async billableWorkOrder(
    tenantId: string,
    workOrderId: string,
  ): Promise<BillableWorkOrder | null> {
    // FOR SHARE: the work order cannot be reopened or re-costed while it is being invoiced.
    const rows = (await this.db.manager.query(
      `SELECT wo.id, wo.customer_id, wo.status, wo.title, wo.labor_hours::text AS labor_hours,
              t.id AS technician_id, concat_ws(' ', t.first_name, t.last_name) AS technician_name, COALESCE(wo.labor_rate, t.hourly_rate)::text AS hourly_rate
         FROM work_orders wo
         LEFT JOIN technicians t ON t.id = wo.assigned_technician_id AND t.tenant_id = wo.tenant_id
        WHERE wo.tenant_id = $1 AND wo.id = $2
        FOR SHARE OF wo`,
      [tenantId, workOrderId],
    )) as WorkOrderRow[];
    const row = rows[0];
    if (!row) return null;
    const parts = (await this.db.manager.query(
      `SELECT p.inventory_id, i.name, i.sku, p.quantity, p.unit_cost::text AS unit_cost
         FROM work_order_parts p
         LEFT JOIN inventory i ON i.id = p.inventory_id AND i.tenant_id = p.tenant_id
        WHERE p.tenant_id = $1 AND p.work_order_id = $2 AND p.status = 'consumed'
        ORDER BY p.created_at, p.id`,
      [tenantId, workOrderId],
    )) as PartRow[];
    return {
      id: row.id,
      customerId: row.customer_id,
      status: row.status,
      title: row.title,
      laborHours: row.labor_hours,
      technician:
        row.technician_id && row.hourly_rate !== null
          ? { id: row.technician_id, name: row.technician_name ?? '', hourlyRate: row.hourly_rate }
          : null,
      parts: parts.map((p) => ({
        inventoryId: p.inventory_id,
        description: p.name ? `${p.name}${p.sku ? ` (${p.sku})` : ''}` : `Part ${p.inventory_id}`,
        quantity: p.quantity,
        unitCost: p.unit_cost,
      })),
    };
  }
}
