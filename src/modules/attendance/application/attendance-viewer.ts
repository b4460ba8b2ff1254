import type { Actor } from '@opsledger/persistence';
import {
  ContactRequiredError,
  CoordinatorRequiredError,
  TenantRequiredError,
} from '../domain/attendance.errors';

/**
 * Who is looking, in attendance terms: coordinators (tenant roles owner, admin, coordinator,
 * or a platform admin) manage meetings and contacts and see every report of the tenant; a
 * contact's linked user sees and acts on its own sessions only.
 */
export type AttendanceViewer =
  | { kind: 'coordinator'; tenantId: string; actor: Actor }
  | { kind: 'contact'; tenantId: string; contactId: string; actor: Actor };

export const COORDINATOR_ROLES = ['owner', 'admin', 'coordinator'];

export abstract class AttendanceViewers {
  abstract resolve(actor: Actor): Promise<AttendanceViewer>;

  async coordinator(actor: Actor): Promise<AttendanceViewer & { kind: 'coordinator' }> {
    const viewer = await this.resolve(actor);
    if (viewer.kind !== 'coordinator') throw new CoordinatorRequiredError();
    return viewer;
  }

  /** The contact linked to the actor; coordinators act as contacts only through their own link. */
  async contact(actor: Actor): Promise<AttendanceViewer & { kind: 'contact' }> {
    const viewer = await this.resolveContact(actor);
    if (!viewer) throw new ContactRequiredError();
    return viewer;
  }

  /** The tenant the actor's token is for; attendance is tenant work only. */
  tenantOf(actor: Actor): string {
    if (!actor.tenantId) throw new TenantRequiredError();
    return actor.tenantId;
  }

  protected abstract resolveContact(
    actor: Actor,
  ): Promise<(AttendanceViewer & { kind: 'contact' }) | null>;
}
