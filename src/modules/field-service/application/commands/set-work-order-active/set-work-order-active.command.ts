import type { Actor } from '@opsledger/persistence';

export class SetWorkOrderActiveCommand {
  constructor(
    readonly actor: Actor,
    readonly workOrderId: string,
    readonly active: boolean,
    readonly expectedVersion?: number,
  ) {}
}
