import { InventoryStatus } from '../../domain/inventory-status';

export interface InventoryView {
  id: string;
  tenantId: string;
  name: string;
  sku: string;
  description: string | null;
  quantity: number;
  reservedQuantity: number;
  /** quantity − reservedQuantity: what can still be reserved. */
  availableQuantity: number;
  reorderLevel: number;
  /** Exact decimal string, e.g. "12.50". */
  unitCost: string;
  location: string | null;
  supplier: string | null;
  status: InventoryStatus;
  isActive: boolean;
  belowReorderLevel: boolean;
  createdAt: Date;
  updatedAt: Date;
  version: number;
}

export const INVENTORY_SORTS = [
  'name',
  '-name',
  'sku',
  '-sku',
  'quantity',
  '-quantity',
  'createdAt',
  '-createdAt',
  'updatedAt',
  '-updatedAt',
] as const;
export type InventorySort = (typeof INVENTORY_SORTS)[number];

export interface InventoryFilter {
  status?: InventoryStatus;
  /** Case-insensitive substring of the name or the sku. */
  q?: string;
  /** true: quantity at or below the reorder level; false: above it. */
  belowReorder?: boolean;
  isActive?: boolean;
  sort: InventorySort;
}
