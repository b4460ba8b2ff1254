import { Injectable } from '@nestjs/common';
import { Money } from '@opsledger/ddd';
import { AggregateWriter } from '@opsledger/event-store';
import { Db } from '@opsledger/persistence';
import { EntityManager, QueryFailedError } from 'typeorm';
import { Inventory } from '../../domain/inventory.aggregate';
import { InsufficientStockError, InventorySkuTakenError } from '../../domain/inventory.errors';
import { InventoryRepository } from '../../domain/inventory.repository';
import { WorkOrderPartStatus } from '../../domain/work-order-part';

interface InventoryRow {
  id: string;
  tenant_id: string;
  name: string;
  sku: string;
  description: string | null;
  quantity: number;
  reserved_quantity: number;
  reorder_level: number;
  unit_cost: string;
  location: string | null;
  supplier: string | null;
  status: string;
  is_active: boolean;
  created_at: Date;
  version: number;
}

interface PartRow {
  id: string;
  work_order_id: string;
  quantity: number;
  unit_cost: string;
  status: WorkOrderPartStatus;
  created_at: Date;
}

/** The stock checks of migration 1763780003300: the last line of defence under the aggregate's. */
const STOCK_CONSTRAINTS = new Set(['ck_inventory_quantity', 'ck_inventory_reserved']);

@Injectable()
export class SqlInventoryRepository extends InventoryRepository {
  constructor(
    private readonly db: Db,
    private readonly writer: AggregateWriter,
  ) {
    super();
  }

  findById(tenantId: string, id: string): Promise<Inventory | null> {
    return this.load(tenantId, id, null);
  }

  async findByPart(tenantId: string, partId: string): Promise<Inventory | null> {
    const rows = (await this.db.manager.query(
      `SELECT inventory_id FROM work_order_parts WHERE tenant_id = $1 AND id = $2`,
      [tenantId, partId],
    )) as Array<{ inventory_id: string }>;
    return rows[0] ? this.load(tenantId, rows[0].inventory_id, partId) : null;
  }

  async reservedPartIdsOf(tenantId: string, workOrderId: string): Promise<string[]> {
    const rows = (await this.db.manager.query(
      `SELECT id FROM work_order_parts WHERE tenant_id = $1 AND work_order_id = $2 AND status = 'reserved'
        ORDER BY inventory_id, id`,
      [tenantId, workOrderId],
    )) as Array<{ id: string }>;
    return rows.map((r) => r.id);
  }

  async skuExists(tenantId: string, sku: string, exceptId?: string): Promise<boolean> {
    const rows = (await this.db.manager.query(
      `SELECT 1 FROM inventory WHERE tenant_id = $1 AND sku = $2 AND ($3::uuid IS NULL OR id <> $3::uuid)`,
      [tenantId, sku, exceptId ?? null],
    )) as unknown[];
    return rows.length > 0;
  }

  async everUsed(tenantId: string, id: string): Promise<boolean> {
    const rows = (await this.db.manager.query(
      `SELECT 1 FROM work_order_parts WHERE tenant_id = $1 AND inventory_id = $2 LIMIT 1`,
      [tenantId, id],
    )) as unknown[];
    return rows.length > 0;
  }

  async save(item: Inventory): Promise<void> {
    const s = item.snapshot;
    try {
      await this.writer.save(
        item,
        s.tenantId,
        async ({ manager, expectedVersion, nextVersion, isNew }) => {
          if (isNew) {
            await manager.query(
              `INSERT INTO inventory (id, tenant_id, name, sku, description, quantity, reserved_quantity, reorder_level,
               unit_cost, location, supplier, status, is_active, created_at, updated_at, version)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $14, $15)`,
              [
                item.id,
                s.tenantId,
                s.name,
                s.sku,
                s.description,
                s.quantity,
                s.reservedQuantity,
                s.reorderLevel,
                s.unitCost.toString(),
                s.location,
                s.supplier,
                item.status,
                s.isActive,
                s.createdAt,
                nextVersion,
              ],
            );
            return true;
          }
          if (s.deleted) {
            const deleted = (await manager.query(
              `DELETE FROM inventory WHERE id = $1 AND tenant_id = $2 AND version = $3 RETURNING id`,
              [item.id, s.tenantId, expectedVersion],
            )) as [unknown[], number];
            return deleted[1] === 1;
          }
          // The row's version guards its parts too: every part change records an event and bumps it.
          const updated = (await manager.query(
            `UPDATE inventory SET name = $4, sku = $5, description = $6, quantity = $7, reserved_quantity = $8,
             reorder_level = $9, unit_cost = $10, location = $11, supplier = $12, status = $13, is_active = $14,
             version = $15
           WHERE id = $1 AND tenant_id = $2 AND version = $3 RETURNING id`,
            [
              item.id,
              s.tenantId,
              expectedVersion,
              s.name,
              s.sku,
              s.description,
              s.quantity,
              s.reservedQuantity,
              s.reorderLevel,
              s.unitCost.toString(),
              s.location,
              s.supplier,
              item.status,
              s.isActive,
              nextVersion,
            ],
          )) as [unknown[], number];
          if (updated[1] !== 1) return false;
          await this.writeParts(manager, item);
          return true;
        },
      );
    } catch (error) {
      throw this.translate(error, item) ?? error;
    }
  }

  private async load(
    tenantId: string,
    id: string,
    partId: string | null,
  ): Promise<Inventory | null> {
    const manager = this.db.manager;
    const rows = (await manager.query(
      `SELECT id, tenant_id, name, sku, description, quantity, reserved_quantity, reorder_level, unit_cost::text AS unit_cost,
              location, supplier, status, is_active, created_at, version
         FROM inventory WHERE tenant_id = $1 AND id = $2 FOR UPDATE`,
      [tenantId, id],
    )) as InventoryRow[];
    const row = rows[0];
    if (!row) return null;
    // Read after the lock: under READ COMMITTED this sees every part change committed before it.
    const parts = (await manager.query(
      `SELECT id, work_order_id, quantity, unit_cost::text AS unit_cost, status, created_at
         FROM work_order_parts
        WHERE tenant_id = $1 AND inventory_id = $2 AND (status = 'reserved' OR id = $3::uuid)
        ORDER BY created_at, id`,
      [tenantId, id, partId],
    )) as PartRow[];
    return Inventory.rehydrate(row.id, row.version, {
      tenantId: row.tenant_id,
      name: row.name,
      sku: row.sku,
      description: row.description,
      quantity: row.quantity,
      reservedQuantity: row.reserved_quantity,
      reorderLevel: row.reorder_level,
      unitCost: Money.parse(row.unit_cost, 'unitCost'),
      location: row.location,
      supplier: row.supplier,
      discontinued: row.status === 'discontinued',
      isActive: row.is_active,
      createdAt: row.created_at,
      deleted: false,
      parts: parts.map((p) => ({
        id: p.id,
        workOrderId: p.work_order_id,
        quantity: p.quantity,
        unitCost: Money.parse(p.unit_cost, 'unitCost'),
        status: p.status,
        createdAt: p.created_at,
      })),
    });
  }

  private async writeParts(manager: EntityManager, item: Inventory): Promise<void> {
    const s = item.snapshot;
    for (const part of s.parts) {
      if (part.dirty === 'new') {
        await manager.query(
          `INSERT INTO work_order_parts (id, tenant_id, work_order_id, inventory_id, quantity, unit_cost, status, created_at, updated_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8)`,
          [
            part.id,
            s.tenantId,
            part.workOrderId,
            item.id,
            part.quantity,
            part.unitCost.toString(),
            part.status,
            part.createdAt,
          ],
        );
      } else if (part.dirty === 'changed') {
        await manager.query(
          `UPDATE work_order_parts SET status = $3 WHERE id = $1 AND tenant_id = $2`,
          [part.id, s.tenantId, part.status],
        );
      }
      part.dirty = undefined;
    }
  }

  private translate(error: unknown, item: Inventory): Error | undefined {
    const constraint =
      error instanceof QueryFailedError
        ? (error.driverError as { constraint?: string }).constraint
        : undefined;
    if (constraint === 'uq_inventory_tenant_sku') return new InventorySkuTakenError();
    if (constraint && STOCK_CONSTRAINTS.has(constraint)) {
      return new InsufficientStockError(
        'The stock cannot go below zero or below what is reserved',
        {
          available: item.available,
          requested: 0,
        },
      );
    }
    return undefined;
  }
}
