import type { Actor } from '@opsledger/persistence';
import { WorkOrderPriority } from '../../../domain/work-order-lifecycle';

export class ChangeWorkOrderCommand {
  constructor(
    readonly actor: Actor,
    readonly workOrderId: string,
    /** undefined leaves a field; a null description clears it. */
    readonly changes: { title?: string; description?: string | null; priority?: WorkOrderPriority },
    readonly expectedVersion?: number,
  ) {}
}
