import {
  WorkOrderAction,
  WorkOrderPriority,
  WorkOrderStatus,
} from '../../domain/work-order-lifecycle';

export interface WorkOrderView {
  id: string;
  tenantId: string;
  title: string;
  description: string | null;
  status: WorkOrderStatus;
  priority: WorkOrderPriority;
  customerId: string;
  assignedTechnicianId: string | null;
  scheduledStart: Date | null;
  scheduledEnd: Date | null;
  completedAt: Date | null;
  /** Exact decimal string, e.g. "2.50"; set on completion. */
  laborHours: string | null;
  isActive: boolean;
  /** The lifecycle actions the current status allows (none while deactivated). */
  allowedActions: WorkOrderAction[];
  createdAt: Date;
  updatedAt: Date;
  version: number;
}

export const WORK_ORDER_SORTS = ['createdAt', 'scheduledStart', 'priority'] as const;
export type WorkOrderSort = (typeof WORK_ORDER_SORTS)[number];

export interface WorkOrderFilter {
  status?: WorkOrderStatus;
  priority?: WorkOrderPriority;
  customerId?: string;
  technicianId?: string;
  isActive?: boolean;
  /** scheduledStart in `[scheduledFrom, scheduledTo)`. */
  scheduledFrom?: Date;
  scheduledTo?: Date;
  /** Words of the title; each may be the start of a word. */
  q?: string;
}

export interface WorkOrderListOptions {
  sort: WorkOrderSort;
  order: 'asc' | 'desc';
  limit: number;
  cursor?: string;
}
