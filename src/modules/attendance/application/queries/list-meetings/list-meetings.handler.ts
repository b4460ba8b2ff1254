import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import type { Page } from '@opsledger/http';
import { Db } from '@opsledger/persistence';
import { AttendanceViewers } from '../../attendance-viewer';
import { MeetingView } from '../attendance.read-model';
import { AttendanceReader } from '../attendance.reader';
import { ListMeetingsQuery } from './list-meetings.query';

/** Every meeting of the tenant, for coordinators: newest first, in keyset pages. */
@QueryHandler(ListMeetingsQuery)
export class ListMeetingsHandler implements IQueryHandler<ListMeetingsQuery, Page<MeetingView>> {
  constructor(
    private readonly db: Db,
    private readonly viewers: AttendanceViewers,
    private readonly reader: AttendanceReader,
  ) {}

  async execute(query: ListMeetingsQuery): Promise<Page<MeetingView>> {
    const { tenantId } = await this.viewers.coordinator(query.actor);
    return this.db.read(() =>
      this.reader.meetings(tenantId, query.filter, query.limit, query.cursor),
    );
  }
}
