import { Page } from '@opsledger/http';
import { WorkOrderPartView, WorkOrderRef } from './work-order-part.read-model';

/** Read port: work orders' parts within one tenant, and the work orders they hang on. */
export abstract class WorkOrderPartReader {
  /** `lock`: hold the work order (FOR SHARE) so it cannot close until the transaction ends. */
  abstract findWorkOrder(
    tenantId: string,
    workOrderId: string,
    lock: boolean,
  ): Promise<WorkOrderRef | null>;
  abstract getPart(
    tenantId: string,
    workOrderId: string,
    partId: string,
  ): Promise<WorkOrderPartView | null>;
  abstract listParts(
    tenantId: string,
    workOrderId: string,
    limit: number,
    cursor: string | undefined,
  ): Promise<Page<WorkOrderPartView>>;
}
