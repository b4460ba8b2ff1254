import { assertVersion, NotFoundError } from '@opsledger/ddd';
import { WorkOrder } from '../domain/work-order.aggregate';
import { WorkOrderActionForbiddenError } from '../domain/work-order.errors';
import { WorkOrderRepository } from '../domain/work-order.repository';
import { FieldServiceViewer } from './field-service-viewer';

/**
 * Spec 003's ownership pattern: a customer's user sees the orders it requested, a technician's
 * user the orders assigned to it, dispatchers all of the tenant's. What a viewer may not see
 * does not exist for it (404).
 */
export function canSeeWorkOrder(
  viewer: FieldServiceViewer,
  order: { customerId: string; assignedTechnicianId: string | null },
): boolean {
  switch (viewer.kind) {
    case 'dispatcher':
      return true;
    case 'customer':
      return order.customerId === viewer.customerId;
    case 'technician':
      return order.assignedTechnicianId === viewer.technicianId;
  }
}

/**
 * Loads (and locks) an order the viewer may see, then checks that the viewer may do `action`
 * to it: dispatchers always, the assigned technician for field work, customers never. Seeing
 * comes first, so an order the viewer may not see is a 404 whatever the action.
 */
export async function workOrderFor(
  orders: WorkOrderRepository,
  viewer: FieldServiceViewer,
  id: string,
  action: string,
  opts: { technicianMay: boolean; expectedVersion?: number },
): Promise<WorkOrder> {
  const order = await orders.findById(viewer.tenantId, id);
  if (!order || !canSeeWorkOrder(viewer, order.snapshot)) throw new NotFoundError('work_order', id);
  const allowed =
    viewer.kind === 'dispatcher' || (viewer.kind === 'technician' && opts.technicianMay);
  if (!allowed) throw new WorkOrderActionForbiddenError(action);
  assertVersion(order, opts.expectedVersion);
  return order;
}
