import { Injectable } from '@nestjs/common';
import { decodeCursor, InvalidCursorError, Page, toPage } from '@opsledger/http';
import { Db, ilikePattern } from '@opsledger/persistence';
import { InventoryStatus } from '../../domain/inventory-status';
import {
  InventoryFilter,
  InventorySort,
  InventoryView,
} from '../../application/queries/inventory.read-model';
import { InventoryReader } from '../../application/queries/inventory.reader';

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
  status: InventoryStatus;
  is_active: boolean;
  created_at: Date;
  updated_at: Date;
  version: number;
}

type KeyedRow = InventoryRow & { cursor_key: string | number };

const COLUMNS = `i.id, i.tenant_id, i.name, i.sku, i.description, i.quantity, i.reserved_quantity, i.reorder_level,
  i.unit_cost::text AS unit_cost, i.location, i.supplier, i.status, i.is_active, i.created_at, i.updated_at, i.version`;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const UTC_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;
const utcInstant = (column: string) =>
  `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/**
 * Keyset pagination per sort: the cursor carries the sort it was made for, the sort key of the
 * last row and its id (the tie-breaker), so a page boundary never skips or repeats a row.
 */
interface SortKey {
  expr: string;
  key: string;
  cast: 'text' | 'int' | 'timestamptz';
}
const SORT_KEYS: Record<string, SortKey> = {
  name: { expr: 'i.name', key: 'i.name', cast: 'text' },
  sku: { expr: 'i.sku', key: 'i.sku', cast: 'text' },
  quantity: { expr: 'i.quantity', key: 'i.quantity', cast: 'int' },
  createdAt: { expr: 'i.created_at', key: utcInstant('i.created_at'), cast: 'timestamptz' },
  updatedAt: { expr: 'i.updated_at', key: utcInstant('i.updated_at'), cast: 'timestamptz' },
  reorder: {
    expr: '(i.quantity - i.reorder_level)',
    key: '(i.quantity - i.reorder_level)',
    cast: 'int',
  },
};

const toView = (r: InventoryRow): InventoryView => ({
  id: r.id,
  tenantId: r.tenant_id,
  name: r.name,
  sku: r.sku,
  description: r.description,
  quantity: r.quantity,
  reservedQuantity: r.reserved_quantity,
  availableQuantity: r.quantity - r.reserved_quantity,
  reorderLevel: r.reorder_level,
  unitCost: r.unit_cost,
  location: r.location,
  supplier: r.supplier,
  status: r.status,
  isActive: r.is_active,
  belowReorderLevel: r.quantity <= r.reorder_level,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  version: r.version,
});

/** A cursor made for another sort, or tampered with, is a 400 rather than a database error. */
function afterOf(
  cursor: string | undefined,
  sortName: string,
  key: SortKey,
): [string | number, string] | null {
  const decoded = decodeCursor(cursor, 3);
  if (!decoded) return null;
  const [sort, value, id] = decoded;
  const valueOk =
    key.cast === 'int'
      ? Number.isSafeInteger(value)
      : typeof value === 'string' &&
        value.length <= 1000 &&
        (key.cast !== 'timestamptz' || UTC_INSTANT.test(value));
  if (sort !== sortName || !valueOk || typeof id !== 'string' || !UUID.test(id))
    throw new InvalidCursorError();
  return [value as string | number, id];
}

/** Every query names its tenant; row-level security enforces the same boundary again. */
@Injectable()
export class SqlInventoryReader extends InventoryReader {
  constructor(private readonly db: Db) {
    super();
  }

  async getItem(tenantId: string, id: string): Promise<InventoryView | null> {
    const rows = (await this.db.manager.query(
      `SELECT ${COLUMNS} FROM inventory i WHERE i.tenant_id = $1 AND i.id = $2`,
      [tenantId, id],
    )) as InventoryRow[];
    return rows[0] ? toView(rows[0]) : null;
  }

  listItems(
    tenantId: string,
    filter: InventoryFilter,
    limit: number,
    cursor: string | undefined,
  ): Promise<Page<InventoryView>> {
    const params: unknown[] = [tenantId];
    const where = ['i.tenant_id = $1'];
    const param = (value: unknown) => `$${params.push(value)}`;
    if (filter.status !== undefined) where.push(`i.status = ${param(filter.status)}`);
    if (filter.isActive !== undefined) where.push(`i.is_active = ${param(filter.isActive)}`);
    if (filter.belowReorder !== undefined)
      where.push(
        filter.belowReorder ? 'i.quantity <= i.reorder_level' : 'i.quantity > i.reorder_level',
      );
    if (filter.q !== undefined) {
      const pattern = param(ilikePattern(filter.q));
      where.push(`(i.name ILIKE ${pattern} ESCAPE '\\' OR i.sku ILIKE ${pattern} ESCAPE '\\')`);
    }
    return this.page(filter.sort, where, params, limit, cursor);
  }

  listReorder(
    tenantId: string,
    limit: number,
    cursor: string | undefined,
  ): Promise<Page<InventoryView>> {
    // The same predicate as the partial index idx_inventory_reorder, plus the discontinued exclusion.
    const where = [
      `i.tenant_id = $1`,
      `i.is_active`,
      `i.quantity <= i.reorder_level`,
      `i.status <> 'discontinued'`,
    ];
    return this.page('reorder', where, [tenantId], limit, cursor);
  }

  private async page(
    sort: InventorySort | 'reorder',
    where: string[],
    params: unknown[],
    limit: number,
    cursor: string | undefined,
  ): Promise<Page<InventoryView>> {
    const descending = sort.startsWith('-');
    const name = descending ? sort.slice(1) : sort;
    const key = SORT_KEYS[name];
    const after = afterOf(cursor, sort, key);
    const clauses = [...where];
    if (after) {
      const value = `$${params.push(after[0])}::${key.cast}`;
      const id = `$${params.push(after[1])}::uuid`;
      clauses.push(`(${key.expr}, i.id) ${descending ? '<' : '>'} (${value}, ${id})`);
    }
    const direction = descending ? 'DESC' : 'ASC';
    const rows = (await this.db.manager.query(
      `SELECT ${COLUMNS}, ${key.key} AS cursor_key FROM inventory i
        WHERE ${clauses.join(' AND ')}
        ORDER BY ${key.expr} ${direction}, i.id ${direction}
        LIMIT $${params.push(limit + 1)}`,
      params,
    )) as KeyedRow[];
    return toPage(rows, limit, toView, (r) => [sort, r.cursor_key, r.id]);
  }
}
