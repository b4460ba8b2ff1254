import { InventoryRepository } from '../domain/inventory.repository';

/**
 * A work order that is cancelled or completed no longer needs the parts still reserved for it:
 * each goes back to what its item has available, through the Inventory aggregate (so the ledger
 * records the release), in the caller's transaction.
 */
export async function releaseOpenReservations(
  items: InventoryRepository,
  tenantId: string,
  workOrderId: string,
): Promise<number> {
  const partIds = await items.reservedPartIdsOf(tenantId, workOrderId);
  for (const partId of partIds) {
    const item = await items.findByPart(tenantId, partId);
    if (!item) continue;
    item.release(partId);
    await items.save(item);
  }
  return partIds.length;
}
