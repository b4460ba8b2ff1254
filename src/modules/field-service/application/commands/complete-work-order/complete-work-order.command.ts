import type { Actor } from '@opsledger/persistence';

export class CompleteWorkOrderCommand {
  constructor(
    readonly actor: Actor,
    readonly workOrderId: string,
    /** Hours worked as a decimal string ("2.50"). */
    readonly laborHours: string,
    readonly expectedVersion?: number,
  ) {}
}
