import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { NotFoundError } from '@opsledger/ddd';
import { Db } from '@opsledger/persistence';
import { AttendanceViewers } from '../../attendance-viewer';
import { SessionView } from '../attendance.read-model';
import { AttendanceReader } from '../attendance.reader';
import { GetSessionQuery } from './get-session.query';

@QueryHandler(GetSessionQuery)
export class GetSessionHandler implements IQueryHandler<GetSessionQuery, SessionView> {
  constructor(
    private readonly db: Db,
    private readonly viewers: AttendanceViewers,
    private readonly reader: AttendanceReader,
  ) {}

  async execute(query: GetSessionQuery): Promise<SessionView> {
    const viewer = await this.viewers.resolve(query.actor);
    const view = await this.db.read(() => this.reader.session(viewer.tenantId, query.sessionId));
    if (!view || (viewer.kind === 'contact' && view.contactId !== viewer.contactId))
      throw new NotFoundError('session', query.sessionId);
    return view;
  }
}
