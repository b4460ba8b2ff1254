import type { Actor } from '@opsledger/persistence';

export class CancelWorkOrderCommand {
  constructor(
    readonly actor: Actor,
    readonly workOrderId: string,
    readonly expectedVersion?: number,
  ) {}
}
