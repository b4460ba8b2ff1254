import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { NotFoundError } from '@opsledger/ddd';
import { Page } from '@opsledger/http';
import { Db } from '@opsledger/persistence';
import { listUserOf } from '../../list-user';
import { ListItemView } from '../contractor-list.read-model';
import { ContractorListReader } from '../contractor-list.reader';
import { ListContractorListItemsQuery } from './list-contractor-list-items.query';

@QueryHandler(ListContractorListItemsQuery)
export class ListContractorListItemsHandler implements IQueryHandler<ListContractorListItemsQuery> {
  constructor(
    private readonly db: Db,
    private readonly lists: ContractorListReader,
  ) {}

  execute({ actor, listId, page }: ListContractorListItemsQuery): Promise<Page<ListItemView>> {
    const user = listUserOf(actor);
    return this.db.read(async () => {
      if (!(await this.lists.getList(listId, user.userId)))
        throw new NotFoundError('contractor list', listId);
      return this.lists.listItems(listId, page);
    });
  }
}
