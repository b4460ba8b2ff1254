import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { Db } from '@opsledger/persistence';
import { investorOf } from '../../crm-investor';
import { DealView } from '../crm.read-model';
import { CrmReader } from '../crm.reader';
import { ListNextActionsQuery } from './list-next-actions.query';

/** Next actions due: active deals whose next action falls before a time, soonest (or overdue) first. */
@QueryHandler(ListNextActionsQuery)
export class ListNextActionsHandler implements IQueryHandler<
  ListNextActionsQuery,
  { items: DealView[] }
> {
  constructor(
    private readonly db: Db,
    private readonly reader: CrmReader,
  ) {}

  async execute(query: ListNextActionsQuery): Promise<{ items: DealView[] }> {
    const investor = investorOf(query.actor);
    return {
      items: await this.db.read(() =>
        this.reader.nextActionsDue(investor, query.before, query.limit),
      ),
    };
  }
}
