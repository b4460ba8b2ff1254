import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import type { Page } from '@opsledger/http';
import { Db } from '@opsledger/persistence';
import { investorOf } from '../../crm-investor';
import { PropertyView } from '../crm.read-model';
import { CrmReader } from '../crm.reader';
import { ListPropertiesQuery } from './list-properties.query';

@QueryHandler(ListPropertiesQuery)
export class ListPropertiesHandler implements IQueryHandler<
  ListPropertiesQuery,
  Page<PropertyView>
> {
  constructor(
    private readonly db: Db,
    private readonly reader: CrmReader,
  ) {}

  execute(query: ListPropertiesQuery): Promise<Page<PropertyView>> {
    const investor = investorOf(query.actor);
    return this.db.read(() => this.reader.listProperties(investor, query.page));
  }
}
