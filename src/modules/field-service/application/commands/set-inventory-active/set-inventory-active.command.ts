import type { Actor } from '@opsledger/persistence';

export class SetInventoryActiveCommand {
  constructor(
    readonly actor: Actor,
    readonly inventoryId: string,
    readonly active: boolean,
    readonly expectedVersion?: number,
  ) {}
}
