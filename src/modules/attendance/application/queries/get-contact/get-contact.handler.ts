import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { NotFoundError } from '@opsledger/ddd';
import { Db } from '@opsledger/persistence';
import { AttendanceViewers } from '../../attendance-viewer';
import { ContactView } from '../attendance.read-model';
import { AttendanceReader } from '../attendance.reader';
import { GetContactQuery } from './get-contact.query';

@QueryHandler(GetContactQuery)
export class GetContactHandler implements IQueryHandler<GetContactQuery, ContactView> {
  constructor(
    private readonly db: Db,
    private readonly viewers: AttendanceViewers,
    private readonly reader: AttendanceReader,
  ) {}

  async execute(query: GetContactQuery): Promise<ContactView> {
    const viewer = await this.viewers.resolve(query.actor);
    if (viewer.kind === 'contact' && viewer.contactId !== query.contactId)
      throw new NotFoundError('contact', query.contactId);
    const view = await this.db.read(() => this.reader.contact(viewer.tenantId, query.contactId));
    if (!view) throw new NotFoundError('contact', query.contactId);
    return view;
  }
}
