import type { Actor } from '@opsledger/persistence';

export class WorkOrderPartReleaseCommand {
  constructor(
    readonly actor: Actor,
    readonly workOrderId: string,
    readonly partId: string,
  ) {}
}
