import { FieldServiceViewer } from './field-service-viewer';

/** Dispatchers read every technician of the tenant; a technician's own user reads its own profile. */
export function canSeeTechnician(viewer: FieldServiceViewer, technicianId: string): boolean {
  return (
    viewer.kind === 'dispatcher' ||
    (viewer.kind === 'technician' && viewer.technicianId === technicianId)
  );
}
