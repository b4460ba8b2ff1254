import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { NotFoundError } from '@opsledger/ddd';
import { Db } from '@opsledger/persistence';
import { AttendanceSessionRepository } from '../../../domain/attendance-session.repository';
import { AttendanceViewers } from '../../attendance-viewer';
import { EndSessionCommand } from './end-session.command';

/** The contact, or a coordinator, ends an open session by hand (status `ended`). */
@CommandHandler(EndSessionCommand)
export class EndSessionHandler implements ICommandHandler<EndSessionCommand, void> {
  constructor(
    private readonly db: Db,
    private readonly viewers: AttendanceViewers,
    private readonly sessions: AttendanceSessionRepository,
  ) {}

  async execute(command: EndSessionCommand): Promise<void> {
    const viewer = await this.viewers.resolve(command.actor);
    await this.db.transaction(async () => {
      const session = await this.sessions.findById(viewer.tenantId, command.sessionId);
      if (
        !session ||
        (viewer.kind === 'contact' && session.snapshot.contactId !== viewer.contactId)
      )
        throw new NotFoundError('session', command.sessionId);
      session.end();
      await this.sessions.save(session);
    });
  }
}
