import { Injectable } from '@nestjs/common';
import { AggregateWriter } from '@opsledger/event-store';
import { Money } from '@opsledger/ddd';
import { Db } from '@opsledger/persistence';
import { QueryFailedError } from 'typeorm';
import {
  TECHNICIAN_ASSIGNED_EVENT_TYPE,
  WORK_ORDER_OPENED_EVENT_TYPE,
} from '../../domain/events/work-order.events';
import { WorkOrder } from '../../domain/work-order.aggregate';
import { TechnicianDoubleBookedError } from '../../domain/work-order.errors';
import { LaborHours } from '../../domain/work-order-labor-hours';
import {
  BOOKING_STATUSES,
  WorkOrderPriority,
  WorkOrderStatus,
} from '../../domain/work-order-lifecycle';
import { WorkOrderRepository } from '../../domain/work-order.repository';

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
  labor_rate: string | null;
  is_active: boolean;
  created_at: Date;
  version: number;
  ever_assigned: boolean;
  has_parts: boolean;
}

export const OVERLAP_CONSTRAINT = 'ex_work_orders_technician_overlap';

/** PostgreSQL's own refusal of a double booking, as the domain names it. */
function asDomainError(error: unknown): unknown {
  if (!(error instanceof QueryFailedError)) return error;
  const driver = error.driverError as { code?: string; constraint?: string };
  return driver.code === '23P01' && driver.constraint === OVERLAP_CONSTRAINT
    ? new TechnicianDoubleBookedError()
    : error;
}

@Injectable()
export class SqlWorkOrderRepository extends WorkOrderRepository {
  constructor(
    private readonly db: Db,
    private readonly writer: AggregateWriter,
  ) {
    super();
  }

  async findById(tenantId: string, id: string): Promise<WorkOrder | null> {
    const rows = (await this.db.manager.query(
      `SELECT w.id, w.tenant_id, w.title, w.description, w.status, w.priority, w.customer_id, w.assigned_technician_id,
              w.scheduled_start, w.scheduled_end, w.completed_at, w.labor_hours::text AS labor_hours, w.labor_rate::text AS labor_rate, w.is_active, w.created_at, w.version,
              EXISTS (SELECT 1 FROM event_store e WHERE e.stream_type = 'work-order' AND e.stream_id = w.id::text AND e.event_type = $3)
                AS ever_assigned,
              EXISTS (SELECT 1 FROM work_order_parts p WHERE p.tenant_id = w.tenant_id AND p.work_order_id = w.id) AS has_parts
         FROM work_orders w WHERE w.tenant_id = $1 AND w.id = $2 FOR UPDATE OF w`,
      [tenantId, id, TECHNICIAN_ASSIGNED_EVENT_TYPE],
    )) as WorkOrderRow[];
    const row = rows[0];
    if (!row) return null;
    return WorkOrder.rehydrate(row.id, row.version, {
      tenantId: row.tenant_id,
      title: row.title,
      description: row.description,
      status: row.status,
      priority: row.priority,
      customerId: row.customer_id,
      assignedTechnicianId: row.assigned_technician_id,
      scheduledStart: row.scheduled_start,
      scheduledEnd: row.scheduled_end,
      completedAt: row.completed_at,
      laborHours: row.labor_hours === null ? null : LaborHours.parse(row.labor_hours),
      laborRate: row.labor_rate === null ? null : Money.parse(row.labor_rate, 'laborRate'),
      isActive: row.is_active,
      createdAt: row.created_at,
      everAssigned: row.ever_assigned,
      hasParts: row.has_parts,
    });
  }

  async countOpenedBy(userId: string, since: Date): Promise<number> {
    await this.db.manager.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [
      `work-order-openings:${userId}`,
    ]);
    const [row] = (await this.db.manager.query(
      `SELECT count(*)::int AS opened FROM event_store
        WHERE event_type = $1 AND metadata->>'actorId' = $2 AND recorded_at >= $3`,
      [WORK_ORDER_OPENED_EVENT_TYPE, userId, since],
    )) as Array<{ opened: number }>;
    return row.opened;
  }

  async save(order: WorkOrder): Promise<void> {
    const s = order.snapshot;
    const columns = [
      s.title,
      s.description,
      s.status,
      s.priority,
      s.customerId,
      s.assignedTechnicianId,
      s.scheduledStart,
      s.scheduledEnd,
      s.completedAt,
      s.laborHours?.toString() ?? null,
      s.isActive,
      s.laborRate?.toString() ?? null,
    ];
    const books =
      s.assignedTechnicianId !== null && s.isActive && BOOKING_STATUSES.includes(s.status);
    await this.writer.save(
      order,
      s.tenantId,
      async ({ manager, expectedVersion, nextVersion, isNew }) => {
        try {
          if (books) {
            // Bookings of one technician queue here. Without it, two overlapping bookings in flight
            // each wait inside the exclusion check for the other's row and deadlock; with it, the
            // later one meets the winner's committed row and the constraint refuses it (23P01).
            await manager.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [
              `work-order-booking:${s.assignedTechnicianId}`,
            ]);
          }
          if (isNew) {
            await manager.query(
              `INSERT INTO work_orders (id, tenant_id, title, description, status, priority, customer_id, assigned_technician_id,
               scheduled_start, scheduled_end, completed_at, labor_hours, is_active, labor_rate, created_at, updated_at, version)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $15, $16)`,
              [order.id, s.tenantId, ...columns, s.createdAt, nextVersion],
            );
            return true;
          }
          if (order.isRemoved) {
            const deleted = (await manager.query(
              `DELETE FROM work_orders WHERE id = $1 AND tenant_id = $2 AND version = $3 RETURNING id`,
              [order.id, s.tenantId, expectedVersion],
            )) as [unknown[], number];
            return deleted[1] === 1;
          }
          const updated = (await manager.query(
            `UPDATE work_orders SET title = $4, description = $5, status = $6, priority = $7, customer_id = $8, assigned_technician_id = $9,
                  scheduled_start = $10, scheduled_end = $11, completed_at = $12, labor_hours = $13, is_active = $14, labor_rate = $15, version = $16
            WHERE id = $1 AND tenant_id = $2 AND version = $3 RETURNING id`,
            [order.id, s.tenantId, expectedVersion, ...columns, nextVersion],
          )) as [unknown[], number];
          return updated[1] === 1;
        } catch (error) {
          throw asDomainError(error);
        }
      },
    );
  }
}
