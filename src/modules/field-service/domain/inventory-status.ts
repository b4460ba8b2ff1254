export const INVENTORY_STATUSES = [
  'in_stock',
  'low_stock',
  'out_of_stock',
  'discontinued',
] as const;
export type InventoryStatus = (typeof INVENTORY_STATUSES)[number];

/**
 * The status follows the stock (spec 003 keeps it as a column for lists and filters); only
 * `discontinued` is a decision, and it wins over whatever the stock says.
 */
export function inventoryStatusOf(
  quantity: number,
  reorderLevel: number,
  discontinued: boolean,
): InventoryStatus {
  if (discontinued) return 'discontinued';
  if (quantity === 0) return 'out_of_stock';
  return quantity <= reorderLevel ? 'low_stock' : 'in_stock';
}
