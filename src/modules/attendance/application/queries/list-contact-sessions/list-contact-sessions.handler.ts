import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { NotFoundError } from '@opsledger/ddd';
import { Db } from '@opsledger/persistence';
import { AttendanceViewers } from '../../attendance-viewer';
import { AttendanceReport } from '../attendance.read-model';
import { AttendanceReader } from '../attendance.reader';
import { ListContactSessionsQuery } from './list-contact-sessions.query';

@QueryHandler(ListContactSessionsQuery)
export class ListContactSessionsHandler implements IQueryHandler<
  ListContactSessionsQuery,
  AttendanceReport
> {
  constructor(
    private readonly db: Db,
    private readonly viewers: AttendanceViewers,
    private readonly reader: AttendanceReader,
  ) {}

  async execute(query: ListContactSessionsQuery): Promise<AttendanceReport> {
    const viewer = await this.viewers.resolve(query.actor);
    if (viewer.kind === 'contact' && viewer.contactId !== query.contactId)
      throw new NotFoundError('contact', query.contactId);
    return this.db.read(async () => {
      if (!(await this.reader.contact(viewer.tenantId, query.contactId)))
        throw new NotFoundError('contact', query.contactId);
      return {
        items: await this.reader.attendance(viewer.tenantId, { contactId: query.contactId }),
      };
    });
  }
}
