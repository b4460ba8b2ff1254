import type { Actor } from '@opsledger/persistence';

export class ReceiveInventoryCommand {
  constructor(
    readonly actor: Actor,
    readonly inventoryId: string,
    /** Units received into stock. */
    readonly quantity: number,
    readonly expectedVersion?: number,
  ) {}
}
