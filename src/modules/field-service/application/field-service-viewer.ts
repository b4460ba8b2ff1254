import type { Actor } from '@opsledger/persistence';
import { DispatcherRequiredError } from '../domain/field-service.errors';

/**
 * Who is looking, in field-service terms (spec 003's user-profile pattern): dispatchers (tenant
 * roles owner, admin, dispatcher, or a platform admin) see and do everything in the tenant; a
 * customer's user sees its own work orders, invoices and contracts; a technician's user sees
 * the work orders assigned to it.
 */
export type FieldServiceViewer =
  | { kind: 'dispatcher'; tenantId: string; actor: Actor }
  | { kind: 'customer'; tenantId: string; customerId: string; actor: Actor }
  | { kind: 'technician'; tenantId: string; technicianId: string; actor: Actor };

export const DISPATCH_ROLES = ['owner', 'admin', 'dispatcher'];

/** Port: resolves the viewer from the actor (profile links live in customers/technicians.user_id). */
export abstract class FieldServiceViewers {
  abstract resolve(actor: Actor): Promise<FieldServiceViewer>;

  async dispatcher(actor: Actor): Promise<FieldServiceViewer & { kind: 'dispatcher' }> {
    const viewer = await this.resolve(actor);
    if (viewer.kind !== 'dispatcher') throw new DispatcherRequiredError();
    return viewer;
  }
}
