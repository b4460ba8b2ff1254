import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import type { Page } from '@opsledger/http';
import { Db } from '@opsledger/persistence';
import { AttendanceViewers } from '../../attendance-viewer';
import { ContactView } from '../attendance.read-model';
import { AttendanceReader } from '../attendance.reader';
import { ListContactsQuery } from './list-contacts.query';

/** The tenant's contacts, for coordinators: newest first, in keyset pages. */
@QueryHandler(ListContactsQuery)
export class ListContactsHandler implements IQueryHandler<ListContactsQuery, Page<ContactView>> {
  constructor(
    private readonly db: Db,
    private readonly viewers: AttendanceViewers,
    private readonly reader: AttendanceReader,
  ) {}

  async execute(query: ListContactsQuery): Promise<Page<ContactView>> {
    const { tenantId } = await this.viewers.coordinator(query.actor);
    return this.db.read(() =>
      this.reader.contacts(tenantId, query.filter, query.limit, query.cursor),
    );
  }
}
