import type { Actor } from '@opsledger/persistence';

export class AdjustInventoryCommand {
  constructor(
    readonly actor: Actor,
    readonly inventoryId: string,
    /** Signed change of the quantity on hand. */
    readonly delta: number,
    readonly reason: string,
    readonly expectedVersion?: number,
  ) {}
}
