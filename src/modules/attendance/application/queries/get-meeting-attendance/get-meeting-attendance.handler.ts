import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { NotFoundError } from '@opsledger/ddd';
import { Db } from '@opsledger/persistence';
import { AttendanceViewers } from '../../attendance-viewer';
import { AttendanceReport } from '../attendance.read-model';
import { AttendanceReader } from '../attendance.reader';
import { GetMeetingAttendanceQuery } from './get-meeting-attendance.query';

@QueryHandler(GetMeetingAttendanceQuery)
export class GetMeetingAttendanceHandler implements IQueryHandler<
  GetMeetingAttendanceQuery,
  AttendanceReport
> {
  constructor(
    private readonly db: Db,
    private readonly viewers: AttendanceViewers,
    private readonly reader: AttendanceReader,
  ) {}

  async execute(query: GetMeetingAttendanceQuery): Promise<AttendanceReport> {
    const { tenantId } = await this.viewers.coordinator(query.actor);
    return this.db.read(async () => {
      if (!(await this.reader.meeting(tenantId, query.meetingId)))
        throw new NotFoundError('meeting', query.meetingId);
      return { items: await this.reader.attendance(tenantId, { meetingId: query.meetingId }) };
    });
  }
}
