import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { NotFoundError } from '@opsledger/ddd';
import { Db } from '@opsledger/persistence';
import { AttendanceViewers } from '../../attendance-viewer';
import { MeetingView } from '../attendance.read-model';
import { AttendanceReader } from '../attendance.reader';
import { GetMeetingQrQuery } from './get-meeting-qr.query';

@QueryHandler(GetMeetingQrQuery)
export class GetMeetingQrHandler implements IQueryHandler<
  GetMeetingQrQuery,
  { code: string; name: string }
> {
  constructor(
    private readonly db: Db,
    private readonly viewers: AttendanceViewers,
    private readonly reader: AttendanceReader,
  ) {}

  async execute(query: GetMeetingQrQuery): Promise<{ code: string; name: string }> {
    const { tenantId } = await this.viewers.coordinator(query.actor);
    const view: MeetingView | null = await this.db.read(() =>
      this.reader.meeting(tenantId, query.meetingId),
    );
    if (!view?.qrCode) throw new NotFoundError('meeting', query.meetingId);
    return { code: view.qrCode, name: view.name };
  }
}
