import { FieldServiceViewer } from './field-service-viewer';

/** Dispatchers read every customer of the tenant; a customer's own user reads its own profile. */
export function canSeeCustomer(viewer: FieldServiceViewer, customerId: string): boolean {
  return (
    viewer.kind === 'dispatcher' || (viewer.kind === 'customer' && viewer.customerId === customerId)
  );
}
