import type { Actor } from '@opsledger/persistence';

export class UnassignTechnicianCommand {
  constructor(
    readonly actor: Actor,
    readonly workOrderId: string,
    readonly expectedVersion?: number,
  ) {}
}
