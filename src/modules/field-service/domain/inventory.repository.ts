import { Inventory } from './inventory.aggregate';

/**
 * Port: inventory items with their open work-order parts; every lookup is within one tenant and,
 * inside a transaction, holds the item until it commits, so changes to one item's stock queue up
 * instead of racing.
 */
export abstract class InventoryRepository {
  abstract findById(tenantId: string, id: string): Promise<Inventory | null>;
  /** The item a part was reserved from, with that part loaded whatever its status. */
  abstract findByPart(tenantId: string, partId: string): Promise<Inventory | null>;
  /** Parts still reserved for a work order, in a stable order (items are locked in that order). */
  abstract reservedPartIdsOf(tenantId: string, workOrderId: string): Promise<string[]>;
  abstract skuExists(tenantId: string, sku: string, exceptId?: string): Promise<boolean>;
  /** Whether any work order ever had parts of the item, settled or not. */
  abstract everUsed(tenantId: string, id: string): Promise<boolean>;
  abstract save(item: Inventory): Promise<void>;
}
