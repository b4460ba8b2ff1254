import { Page } from '@opsledger/http';
import { InventoryView, InventoryFilter } from './inventory.read-model';

/** Read port: inventory of one tenant; every method takes the tenant it reads in. */
export abstract class InventoryReader {
  abstract getItem(tenantId: string, id: string): Promise<InventoryView | null>;
  abstract listItems(
    tenantId: string,
    filter: InventoryFilter,
    limit: number,
    cursor: string | undefined,
  ): Promise<Page<InventoryView>>;
  /** Active, not discontinued, at or below the reorder level; the largest shortfall first. */
  abstract listReorder(
    tenantId: string,
    limit: number,
    cursor: string | undefined,
  ): Promise<Page<InventoryView>>;
}
