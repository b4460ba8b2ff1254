import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { Page } from '@opsledger/http';
import { Db } from '@opsledger/persistence';
import { billingViewerOf } from '../../billing-access';
import { FieldServiceViewers } from '../../field-service-viewer';
import { ContractView } from '../contract.read-model';
import { ContractReader } from '../contract.reader';
import { ListContractsQuery } from './list-contracts.query';

@QueryHandler(ListContractsQuery)
export class ListContractsHandler implements IQueryHandler<ListContractsQuery, Page<ContractView>> {
  constructor(
    private readonly db: Db,
    private readonly viewers: FieldServiceViewers,
    private readonly reader: ContractReader,
  ) {}

  async execute(query: ListContractsQuery): Promise<Page<ContractView>> {
    const viewer = await billingViewerOf(this.viewers, query.actor);
    const scope = {
      tenantId: viewer.tenantId,
      customerId: viewer.kind === 'customer' ? viewer.customerId : null,
    };
    return this.db.read(() =>
      this.reader.listContracts(scope, query.filter, query.sort, query.limit, query.cursor),
    );
  }
}
