import { Page } from '@opsledger/http';
import { WorkOrderView, WorkOrderFilter, WorkOrderListOptions } from './work-order.read-model';

/** Read port: work orders of one tenant. */
export abstract class WorkOrderReader {
  abstract getWorkOrder(tenantId: string, id: string): Promise<WorkOrderView | null>;
  abstract listWorkOrders(
    tenantId: string,
    filter: WorkOrderFilter,
    options: WorkOrderListOptions,
  ): Promise<Page<WorkOrderView>>;
}
