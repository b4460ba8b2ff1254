import type { Actor } from '@opsledger/persistence';

export class DeleteInventoryCommand {
  constructor(
    readonly actor: Actor,
    readonly inventoryId: string,
    readonly expectedVersion?: number,
  ) {}
}
