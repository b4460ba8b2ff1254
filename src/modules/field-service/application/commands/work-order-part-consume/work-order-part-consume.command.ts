import type { Actor } from '@opsledger/persistence';

export class WorkOrderPartConsumeCommand {
  constructor(
    readonly actor: Actor,
    readonly workOrderId: string,
    readonly partId: string,
  ) {}
}
