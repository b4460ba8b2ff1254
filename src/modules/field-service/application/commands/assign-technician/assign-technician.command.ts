import type { Actor } from '@opsledger/persistence';

export class AssignTechnicianCommand {
  constructor(
    readonly actor: Actor,
    readonly workOrderId: string,
    readonly technicianId: string,
    /** Omitted: the order's current schedule is kept (it must have one). */
    readonly scheduledStart?: string,
    readonly scheduledEnd?: string,
    readonly expectedVersion?: number,
  ) {}
}
