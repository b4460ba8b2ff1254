import type { Actor } from '@opsledger/persistence';

export class InventorySetActiveCommand {
  constructor(
    readonly actor: Actor,
    readonly inventoryId: string,
    readonly active: boolean,
    readonly expectedVersion?: number,
  ) {}
}
