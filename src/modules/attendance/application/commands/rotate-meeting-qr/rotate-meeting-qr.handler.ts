import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { NotFoundError } from '@opsledger/ddd';
import { Db } from '@opsledger/persistence';
import { MeetingRepository } from '../../../domain/meeting.repository';
import { AttendanceViewers } from '../../attendance-viewer';
import { newMeetingQrCode } from '../../meeting-qr-code';
import { RotateMeetingQrCommand } from './rotate-meeting-qr.command';

/** A new printed code; the old one no longer checks anyone in. */
@CommandHandler(RotateMeetingQrCommand)
export class RotateMeetingQrHandler implements ICommandHandler<RotateMeetingQrCommand, void> {
  constructor(
    private readonly db: Db,
    private readonly viewers: AttendanceViewers,
    private readonly meetings: MeetingRepository,
  ) {}

  async execute(command: RotateMeetingQrCommand): Promise<void> {
    const { tenantId } = await this.viewers.coordinator(command.actor);
    await this.db.transaction(async () => {
      const meeting = await this.meetings.findById(tenantId, command.meetingId, true);
      if (!meeting) throw new NotFoundError('meeting', command.meetingId);
      meeting.rotateQrCode(newMeetingQrCode());
      await this.meetings.save(meeting);
    });
  }
}
