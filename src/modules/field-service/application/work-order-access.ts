import { ConcurrencyError } from '@opsledger/ddd';
import { WorkOrder } from '../domain/work-order.aggregate';
import { FieldServiceViewer } from './field-service-viewer';

/** From If-Match: the version the client edited; a mismatch is a 412. */
export function assertWorkOrderVersion(order: WorkOrder, expectedVersion: number | undefined): void {
  if (expectedVersion !== undefined && expectedVersion !== order.version) {
    throw new ConcurrencyError(order.streamType, order.id, expectedVersion, true);
  }
}

/**
 * Spec 003's ownership pattern: a customer's user sees the orders it requested, a technician's
 * user the orders assigned to it, dispatchers all of the tenant's. What a viewer may not see
 * does not exist for it (404).
 */
export function canSeeWorkOrder(viewer: FieldServiceViewer, order: { customerId: string; assignedTechnicianId: string | null }): boolean {
  switch (viewer.kind) {
    case 'dispatcher':
      return true;
    case 'customer':
      return order.customerId === viewer.customerId;
    case 'technician':
      return order.assignedTechnicianId === viewer.technicianId;
  }
}
