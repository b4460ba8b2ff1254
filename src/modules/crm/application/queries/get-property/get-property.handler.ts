import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { NotFoundError } from '@opsledger/ddd';
import { Db } from '@opsledger/persistence';
import { investorOf } from '../../crm-investor';
import { PropertyView } from '../crm.read-model';
import { CrmReader } from '../crm.reader';
import { GetPropertyQuery } from './get-property.query';

@QueryHandler(GetPropertyQuery)
export class GetPropertyHandler implements IQueryHandler<GetPropertyQuery, PropertyView> {
  constructor(
    private readonly db: Db,
    private readonly reader: CrmReader,
  ) {}

  async execute(query: GetPropertyQuery): Promise<PropertyView> {
    const investor = investorOf(query.actor);
    const view = await this.db.read(() => this.reader.property(investor, query.propertyId));
    if (!view) throw new NotFoundError('property', query.propertyId);
    return view;
  }
}
