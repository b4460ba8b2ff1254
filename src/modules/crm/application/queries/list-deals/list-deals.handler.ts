import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import type { Page } from '@opsledger/http';
import { Db } from '@opsledger/persistence';
import { investorOf } from '../../crm-investor';
import { DealView } from '../crm.read-model';
import { CrmReader } from '../crm.reader';
import { ListDealsQuery } from './list-deals.query';

@QueryHandler(ListDealsQuery)
export class ListDealsHandler implements IQueryHandler<ListDealsQuery, Page<DealView>> {
  constructor(
    private readonly db: Db,
    private readonly reader: CrmReader,
  ) {}

  execute(query: ListDealsQuery): Promise<Page<DealView>> {
    const investor = investorOf(query.actor);
    return this.db.read(() => this.reader.listDeals(investor, query.filter));
  }
}
