import type { Actor } from '@opsledger/persistence';

export class ReserveWorkOrderPartCommand {
  constructor(
    readonly actor: Actor,
    readonly workOrderId: string,
    readonly inventoryId: string,
    readonly quantity: number,
  ) {}
}
