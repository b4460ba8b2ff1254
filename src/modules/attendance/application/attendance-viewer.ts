import { DomainError } from '@opsledger/ddd';
import type { Actor } from '@opsledger/persistence';

/**
 * Who is looking, in attendance terms: coordinators (tenant roles owner, admin, coordinator,
 * or a platform admin) manage meetings and contacts and see every report of the tenant; a
 * contact's linked user sees and acts on its own sessions only.
 */
export type AttendanceViewer =
  | { kind: 'coordinator'; tenantId: string; actor: Actor }
  | { kind: 'contact'; tenantId: string; contactId: string; actor: Actor };

export const COORDINATOR_ROLES = ['owner', 'admin', 'coordinator'];

export class NoAttendanceAccessError extends DomainError {
  constructor() {
    super(
      'ATTENDANCE.NO_ACCESS',
      'forbidden',
      'You are neither a coordinator nor a contact of this tenant',
    );
  }
}

export class CoordinatorRequiredError extends DomainError {
  constructor() {
    super('ATTENDANCE.COORDINATOR_REQUIRED', 'forbidden', 'Only coordinators can do this');
  }
}

export class ContactRequiredError extends DomainError {
  constructor() {
    super(
      'ATTENDANCE.CONTACT_REQUIRED',
      'forbidden',
      "Only the contact's own user can do this (consent and positions are the person's own)",
    );
  }
}

/** Port: resolves the viewer from the actor (the contact link is contacts.user_id). */
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

  protected abstract resolveContact(
    actor: Actor,
  ): Promise<(AttendanceViewer & { kind: 'contact' }) | null>;
}
