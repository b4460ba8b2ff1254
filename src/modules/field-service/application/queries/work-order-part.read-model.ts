import { Page } from '@opsledger/http';
import { WorkOrderPartStatus } from '../../domain/work-order-part';

export interface WorkOrderPartView {
  id: string;
  workOrderId: string;
  inventoryId: string;
  sku: string;
  name: string;
  quantity: number;
  /** Captured when the units were reserved. */
  unitCost: string;
  /** quantity × unitCost, exact. */
  totalCost: string;
  status: WorkOrderPartStatus;
  createdAt: Date;
  updatedAt: Date;
}

/** What the parts endpoints need to know of a work order (the work-orders part owns the rest). */
export interface WorkOrderRef {
  id: string;
  status: string;
  assignedTechnicianId: string | null;
  isActive: boolean;
}

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
