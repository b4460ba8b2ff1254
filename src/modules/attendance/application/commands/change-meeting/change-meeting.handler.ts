import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { assertVersion, NotFoundError } from '@opsledger/ddd';
import { Db } from '@opsledger/persistence';
import { MeetingRepository } from '../../../domain/meeting.repository';
import { AttendanceViewers } from '../../attendance-viewer';
import { ChangeMeetingCommand } from './change-meeting.command';

/** Title, schedule or fence; recorded events keep the decision they got under the old ones. */
@CommandHandler(ChangeMeetingCommand)
export class ChangeMeetingHandler implements ICommandHandler<ChangeMeetingCommand, void> {
  constructor(
    private readonly db: Db,
    private readonly viewers: AttendanceViewers,
    private readonly meetings: MeetingRepository,
  ) {}

  async execute(command: ChangeMeetingCommand): Promise<void> {
    const { tenantId } = await this.viewers.coordinator(command.actor);
    await this.db.transaction(async () => {
      const meeting = await this.meetings.findById(tenantId, command.meetingId, true);
      if (!meeting) throw new NotFoundError('meeting', command.meetingId);
      assertVersion(meeting, command.expectedVersion);
      meeting.change(command.changes);
      await this.meetings.save(meeting);
    });
  }
}
