import type { Actor } from '@opsledger/persistence';

export class InventoryDeleteCommand {
  constructor(
    readonly actor: Actor,
    readonly inventoryId: string,
    readonly expectedVersion?: number,
  ) {}
}
