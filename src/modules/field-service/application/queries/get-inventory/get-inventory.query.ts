import type { Actor } from '@opsledger/persistence';

export class GetInventoryQuery {
  constructor(
    readonly actor: Actor,
    readonly inventoryId: string,
  ) {}
}
