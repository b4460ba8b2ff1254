import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Db } from '@opsledger/persistence';
import { randomUUID } from 'node:crypto';
import { Meeting } from '../../../domain/meeting.aggregate';
import { MeetingRepository } from '../../../domain/meeting.repository';
import { AttendanceViewers } from '../../attendance-viewer';
import { newMeetingQrCode } from '../../meeting-qr-code';
import { CreateMeetingCommand } from './create-meeting.command';

@CommandHandler(CreateMeetingCommand)
export class CreateMeetingHandler implements ICommandHandler<CreateMeetingCommand, { id: string }> {
  constructor(
    private readonly db: Db,
    private readonly viewers: AttendanceViewers,
    private readonly meetings: MeetingRepository,
  ) {}

  async execute(command: CreateMeetingCommand): Promise<{ id: string }> {
    const { tenantId, actor } = await this.viewers.coordinator(command.actor);
    return this.db.transaction(async () => {
      const meeting = Meeting.create({
        id: randomUUID(),
        tenantId,
        ...command.fields,
        qrCode: newMeetingQrCode(),
        createdBy: actor.id,
      });
      await this.meetings.save(meeting);
      return { id: meeting.id };
    });
  }
}
