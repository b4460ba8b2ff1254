import { ConcurrencyError } from '@opsledger/ddd';
import { Technician } from '../domain/technician.aggregate';
import { FieldServiceViewer } from './field-service-viewer';

/** From If-Match: the version the client edited; a mismatch is a 412. */
export function assertTechnicianVersion(
  technician: Technician,
  expectedVersion: number | undefined,
): void {
  if (expectedVersion !== undefined && expectedVersion !== technician.version) {
    throw new ConcurrencyError(technician.streamType, technician.id, expectedVersion, true);
  }
}

/** Dispatchers read every technician of the tenant; a technician's own user reads its own profile. */
export function canSeeTechnician(viewer: FieldServiceViewer, technicianId: string): boolean {
  return (
    viewer.kind === 'dispatcher' ||
    (viewer.kind === 'technician' && viewer.technicianId === technicianId)
  );
}
