import { Injectable } from '@nestjs/common';
import { Actor, Db } from '@opsledger/persistence';
import {
  AttendanceViewer,
  AttendanceViewers,
  COORDINATOR_ROLES,
} from '../../application/attendance-viewer';
import { NoAttendanceAccessError } from '../../domain/attendance.errors';
import { CONTACT_OF_USER } from './attendance-rows.sql';

@Injectable()
export class SqlAttendanceViewers extends AttendanceViewers {
  constructor(private readonly db: Db) {
    super();
  }

  async resolve(actor: Actor): Promise<AttendanceViewer> {
    const tenantId = this.tenantOf(actor);
    if (
      actor.roles.includes('admin') ||
      (actor.tenantRole && COORDINATOR_ROLES.includes(actor.tenantRole))
    )
      return { kind: 'coordinator', tenantId, actor };
    const contact = await this.resolveContact(actor);
    if (!contact) throw new NoAttendanceAccessError();
    return contact;
  }

  protected async resolveContact(
    actor: Actor,
  ): Promise<(AttendanceViewer & { kind: 'contact' }) | null> {
    const tenantId = this.tenantOf(actor);
    if (!actor.id) return null;
    const rows = (await this.db.read(() =>
      this.db.manager.query(CONTACT_OF_USER, [tenantId, actor.id]),
    )) as Array<{ id: string }>;
    return rows[0] ? { kind: 'contact', tenantId, contactId: rows[0].id, actor } : null;
  }
}
