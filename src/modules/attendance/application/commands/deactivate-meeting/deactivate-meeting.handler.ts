import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { assertVersion, NotFoundError } from '@opsledger/ddd';
import { Db } from '@opsledger/persistence';
import { MeetingRepository } from '../../../domain/meeting.repository';
import { AttendanceViewers } from '../../attendance-viewer';
import { DeactivateMeetingCommand } from './deactivate-meeting.command';

/**
 * Cancels a meeting: no new session starts and no one checks in any more; a session already
 * open can still send positions and check out, so the attendance of who was there is closed.
 */
@CommandHandler(DeactivateMeetingCommand)
export class DeactivateMeetingHandler implements ICommandHandler<DeactivateMeetingCommand, void> {
  constructor(
    private readonly db: Db,
    private readonly viewers: AttendanceViewers,
    private readonly meetings: MeetingRepository,
  ) {}

  async execute(command: DeactivateMeetingCommand): Promise<void> {
    const { tenantId } = await this.viewers.coordinator(command.actor);
    await this.db.transaction(async () => {
      const meeting = await this.meetings.findById(tenantId, command.meetingId, true);
      if (!meeting) throw new NotFoundError('meeting', command.meetingId);
      assertVersion(meeting, command.expectedVersion);
      meeting.deactivate();
      await this.meetings.save(meeting);
    });
  }
}
