import type { Actor } from '@opsledger/persistence';
import { WorkOrderPriority } from '../../../domain/work-order-lifecycle';

export interface WorkOrderRequest {
  title: string;
  description?: string | null;
  priority?: WorkOrderPriority;
  /** Required from dispatchers; a customer's user opens orders for its own customer only. */
  customerId?: string;
  scheduledStart?: string | null;
  scheduledEnd?: string | null;
}

export class OpenWorkOrderCommand {
  constructor(
    readonly actor: Actor,
    readonly request: WorkOrderRequest,
  ) {}
}
