import type { Actor } from '@opsledger/persistence';

export class DeleteWorkOrderCommand {
  constructor(
    readonly actor: Actor,
    readonly workOrderId: string,
    readonly expectedVersion?: number,
  ) {}
}
