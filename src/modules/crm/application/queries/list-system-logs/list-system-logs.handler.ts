import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { Db } from '@opsledger/persistence';
import { AdminRequiredError } from '../../../domain/crm.errors';
import { SystemLogFilter, SystemLogView } from '../crm.read-model';
import { SystemLogReader } from '../system-log.reader';
import { ListSystemLogsQuery } from './list-system-logs.query';

/** Admins only (the table's policy says the same), newest first. */
@QueryHandler(ListSystemLogsQuery)
export class ListSystemLogsHandler implements IQueryHandler<
  ListSystemLogsQuery,
  { items: SystemLogView[] }
> {
  constructor(
    private readonly db: Db,
    private readonly reader: SystemLogReader,
  ) {}

  async execute(query: ListSystemLogsQuery): Promise<{ items: SystemLogView[] }> {
    if (!query.actor.roles.includes('admin')) throw new AdminRequiredError();
    const filter: SystemLogFilter = query.filter;
    return { items: await this.db.read(() => this.reader.list(filter)) };
  }
}
