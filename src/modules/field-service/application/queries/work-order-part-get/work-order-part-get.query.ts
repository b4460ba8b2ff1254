import type { Actor } from '@opsledger/persistence';

export class WorkOrderPartGetQuery {
  constructor(
    readonly actor: Actor,
    readonly workOrderId: string,
    readonly partId: string,
  ) {}
}
