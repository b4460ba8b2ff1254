import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { NotFoundError } from '@opsledger/ddd';
import { Db } from '@opsledger/persistence';
import { investorOf } from '../../crm-investor';
import { DealEventView } from '../crm.read-model';
import { CrmReader } from '../crm.reader';
import { ListDealEventsQuery } from './list-deal-events.query';

/** The deal's timeline (a projection of the ledger), oldest first. */
@QueryHandler(ListDealEventsQuery)
export class ListDealEventsHandler implements IQueryHandler<
  ListDealEventsQuery,
  { items: DealEventView[] }
> {
  constructor(
    private readonly db: Db,
    private readonly reader: CrmReader,
  ) {}

  async execute(query: ListDealEventsQuery): Promise<{ items: DealEventView[] }> {
    const investor = investorOf(query.actor);
    const items = await this.db.read(() => this.reader.dealEvents(investor, query.dealId));
    if (!items) throw new NotFoundError('deal', query.dealId);
    return { items };
  }
}
