import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { NotFoundError } from '@opsledger/ddd';
import { Db } from '@opsledger/persistence';
import { investorOf } from '../../crm-investor';
import { CompView } from '../crm.read-model';
import { CrmReader } from '../crm.reader';
import { ListPropertyCompsQuery } from './list-property-comps.query';

/** Comparable properties: same zip, size within the tolerance, closest size first. */
@QueryHandler(ListPropertyCompsQuery)
export class ListPropertyCompsHandler implements IQueryHandler<
  ListPropertyCompsQuery,
  { items: CompView[] }
> {
  constructor(
    private readonly db: Db,
    private readonly reader: CrmReader,
  ) {}

  async execute(query: ListPropertyCompsQuery): Promise<{ items: CompView[] }> {
    const investor = investorOf(query.actor);
    const comps = await this.db.read(() =>
      this.reader.comps(investor, query.propertyId, query.search),
    );
    if (!comps) throw new NotFoundError('property', query.propertyId);
    return { items: comps };
  }
}
