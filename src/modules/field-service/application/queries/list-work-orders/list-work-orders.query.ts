import type { Actor } from '@opsledger/persistence';
import { WorkOrderFilter, WorkOrderListOptions } from '../work-order.read-model';

/** The filter as the request gives it: the date range still as strings, parsed by the handler. */
export type WorkOrderListRequest = Omit<WorkOrderFilter, 'scheduledFrom' | 'scheduledTo'> & {
  scheduledFrom?: string;
  scheduledTo?: string;
};

export class ListWorkOrdersQuery {
  constructor(
    readonly actor: Actor,
    readonly filter: WorkOrderListRequest,
    readonly options: WorkOrderListOptions,
  ) {}
}
