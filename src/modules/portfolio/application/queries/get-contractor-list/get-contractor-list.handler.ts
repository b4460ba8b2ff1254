import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { NotFoundError } from '@opsledger/ddd';
import { Db } from '@opsledger/persistence';
import { listUserOf } from '../../list-user';
import { ContractorListView } from '../contractor-list.read-model';
import { ContractorListReader } from '../contractor-list.reader';
import { GetContractorListQuery } from './get-contractor-list.query';

/** A list the caller may not see (row-level security hides it) is a 404. */
@QueryHandler(GetContractorListQuery)
export class GetContractorListHandler implements IQueryHandler<GetContractorListQuery> {
  constructor(
    private readonly db: Db,
    private readonly lists: ContractorListReader,
  ) {}

  async execute({ actor, listId }: GetContractorListQuery): Promise<ContractorListView> {
    const user = listUserOf(actor);
    const list = await this.db.read(() => this.lists.getList(listId, user.userId));
    if (!list) throw new NotFoundError('contractor list', listId);
    return list;
  }
}
