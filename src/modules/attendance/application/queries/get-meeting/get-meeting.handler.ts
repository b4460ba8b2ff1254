import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { NotFoundError } from '@opsledger/ddd';
import { Db } from '@opsledger/persistence';
import { AttendanceViewers } from '../../attendance-viewer';
import { MeetingView } from '../attendance.read-model';
import { AttendanceReader } from '../attendance.reader';
import { GetMeetingQuery } from './get-meeting.query';

@QueryHandler(GetMeetingQuery)
export class GetMeetingHandler implements IQueryHandler<GetMeetingQuery, MeetingView> {
  constructor(
    private readonly db: Db,
    private readonly viewers: AttendanceViewers,
    private readonly reader: AttendanceReader,
  ) {}

  async execute(query: GetMeetingQuery): Promise<MeetingView> {
    const viewer = await this.viewers.resolve(query.actor);
    const view = await this.db.read(() => this.reader.meeting(viewer.tenantId, query.meetingId));
    if (!view) throw new NotFoundError('meeting', query.meetingId);
    // the code is for printing at the venue: a contact who could read it could check in from anywhere
    if (viewer.kind !== 'coordinator') delete view.qrCode;
    return view;
  }
}
