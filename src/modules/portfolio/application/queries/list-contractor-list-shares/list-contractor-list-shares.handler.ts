import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { NotFoundError } from '@opsledger/ddd';
import { Db } from '@opsledger/persistence';
import { ListOwnerOnlyError } from '../../../domain/portfolio.errors';
import { listUserOf } from '../../list-user';
import { ListShareView } from '../contractor-list.read-model';
import { ContractorListReader } from '../contractor-list.reader';
import { ListContractorListSharesQuery } from './list-contractor-list-shares.query';

/** Who a list is shared with: its owner's business only. */
@QueryHandler(ListContractorListSharesQuery)
export class ListContractorListSharesHandler implements IQueryHandler<ListContractorListSharesQuery> {
  constructor(
    private readonly db: Db,
    private readonly lists: ContractorListReader,
  ) {}

  execute({ actor, listId }: ListContractorListSharesQuery): Promise<ListShareView[]> {
    const user = listUserOf(actor);
    return this.db.read(async () => {
      const list = await this.lists.getList(listId, user.userId);
      if (!list) throw new NotFoundError('contractor list', listId);
      if (list.access !== 'owner') throw new ListOwnerOnlyError('see its shares');
      return this.lists.listShares(listId);
    });
  }
}
