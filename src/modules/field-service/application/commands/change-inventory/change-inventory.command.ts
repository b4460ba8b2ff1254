import type { Actor } from '@opsledger/persistence';
import { InventoryDetails } from '../../../domain/inventory.aggregate';

export class ChangeInventoryCommand {
  constructor(
    readonly actor: Actor,
    readonly inventoryId: string,
    readonly changes: InventoryDetails,
    /** From If-Match: the version the client edited; a mismatch is a 412. */
    readonly expectedVersion?: number,
  ) {}
}
