import { ConcurrencyError } from '@opsledger/ddd';
import { Customer } from '../domain/customer.aggregate';
import { FieldServiceViewer } from './field-service-viewer';

/** From If-Match: the version the client edited; a mismatch is a 412. */
export function assertCustomerVersion(
  customer: Customer,
  expectedVersion: number | undefined,
): void {
  if (expectedVersion !== undefined && expectedVersion !== customer.version) {
    throw new ConcurrencyError(customer.streamType, customer.id, expectedVersion, true);
  }
}

/** Dispatchers read every customer of the tenant; a customer's own user reads its own profile. */
export function canSeeCustomer(viewer: FieldServiceViewer, customerId: string): boolean {
  return (
    viewer.kind === 'dispatcher' || (viewer.kind === 'customer' && viewer.customerId === customerId)
  );
}
