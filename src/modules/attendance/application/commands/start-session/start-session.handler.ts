import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { NotFoundError } from '@opsledger/ddd';
import { Db } from '@opsledger/persistence';
import { randomUUID } from 'node:crypto';
import { AttendanceSession } from '../../../domain/attendance-session.aggregate';
import { AttendanceSessionRepository } from '../../../domain/attendance-session.repository';
import { ContactRepository } from '../../../domain/contact.repository';
import { MeetingRepository } from '../../../domain/meeting.repository';
import { AttendanceViewers } from '../../attendance-viewer';
import { StartSessionCommand } from './start-session.command';

/**
 * A contact starts a session toward a meeting. At most one open session per contact: the
 * partial unique index `uq_sessions_open_contact` decides under concurrent starts (409).
 */
@CommandHandler(StartSessionCommand)
export class StartSessionHandler implements ICommandHandler<StartSessionCommand, { id: string }> {
  constructor(
    private readonly db: Db,
    private readonly viewers: AttendanceViewers,
    private readonly contacts: ContactRepository,
    private readonly meetings: MeetingRepository,
    private readonly sessions: AttendanceSessionRepository,
  ) {}

  async execute(command: StartSessionCommand): Promise<{ id: string }> {
    const { tenantId, contactId } = await this.viewers.contact(command.actor);
    return this.db.transaction(async () => {
      const meeting = await this.meetings.findById(tenantId, command.meetingId);
      if (!meeting) throw new NotFoundError('meeting', command.meetingId);
      const session = AttendanceSession.start({
        id: randomUUID(),
        contactId,
        meeting,
        consentGranted: await this.contacts.hasConsent(tenantId, contactId),
        notes: command.notes,
      });
      await this.sessions.save(session);
      return { id: session.id };
    });
  }
}
