import type { Actor } from '@opsledger/persistence';

export class RescheduleWorkOrderCommand {
  constructor(
    readonly actor: Actor,
    readonly workOrderId: string,
    readonly scheduledStart: string,
    readonly scheduledEnd: string,
    readonly expectedVersion?: number,
  ) {}
}
