import type { Actor } from '@opsledger/persistence';

export class InventoryGetQuery {
  constructor(
    readonly actor: Actor,
    readonly inventoryId: string,
  ) {}
}
