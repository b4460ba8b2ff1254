import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { NotFoundError } from '@opsledger/ddd';
import { Db } from '@opsledger/persistence';
import { listUserOf } from '../../list-user';
import { ListItemView } from '../contractor-list.read-model';
import { ContractorListReader } from '../contractor-list.reader';
import { GetContractorListItemQuery } from './get-contractor-list-item.query';

@QueryHandler(GetContractorListItemQuery)
export class GetContractorListItemHandler implements IQueryHandler<GetContractorListItemQuery> {
  constructor(
    private readonly db: Db,
    private readonly lists: ContractorListReader,
  ) {}

  async execute({ actor, listId, itemId }: GetContractorListItemQuery): Promise<ListItemView> {
    const user = listUserOf(actor);
    const item = await this.db.read(async () =>
      (await this.lists.getList(listId, user.userId)) ? this.lists.getItem(listId, itemId) : null,
    );
    if (!item) throw new NotFoundError('contractor list item', itemId);
    return item;
  }
}
