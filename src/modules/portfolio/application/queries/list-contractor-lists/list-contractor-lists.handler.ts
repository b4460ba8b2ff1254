import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { Page } from '@opsledger/http';
import { Db } from '@opsledger/persistence';
import { listUserOf } from '../../list-user';
import { ContractorListView } from '../contractor-list.read-model';
import { ContractorListReader } from '../contractor-list.reader';
import { ListContractorListsQuery } from './list-contractor-lists.query';

@QueryHandler(ListContractorListsQuery)
export class ListContractorListsHandler implements IQueryHandler<ListContractorListsQuery> {
  constructor(
    private readonly db: Db,
    private readonly lists: ContractorListReader,
  ) {}

  execute({ actor, scope, page }: ListContractorListsQuery): Promise<Page<ContractorListView>> {
    const user = listUserOf(actor);
    return this.db.read(() => this.lists.listLists(user.tenantId, user.userId, scope, page));
  }
}
