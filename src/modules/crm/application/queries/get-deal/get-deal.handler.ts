import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { NotFoundError } from '@opsledger/ddd';
import { Db } from '@opsledger/persistence';
import { investorOf } from '../../crm-investor';
import { DealView } from '../crm.read-model';
import { CrmReader } from '../crm.reader';
import { GetDealQuery } from './get-deal.query';

@QueryHandler(GetDealQuery)
export class GetDealHandler implements IQueryHandler<GetDealQuery, DealView> {
  constructor(
    private readonly db: Db,
    private readonly reader: CrmReader,
  ) {}

  async execute(query: GetDealQuery): Promise<DealView> {
    const investor = investorOf(query.actor);
    const view = await this.db.read(() => this.reader.deal(investor, query.dealId));
    if (!view) throw new NotFoundError('deal', query.dealId);
    return view;
  }
}
