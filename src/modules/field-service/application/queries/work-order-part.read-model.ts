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
