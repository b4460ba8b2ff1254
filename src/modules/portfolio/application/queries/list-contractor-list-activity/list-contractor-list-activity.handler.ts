import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { NotFoundError } from '@opsledger/ddd';
import { Page } from '@opsledger/http';
import { Db } from '@opsledger/persistence';
import { listUserOf } from '../../list-user';
import { ListActivityView } from '../contractor-list.read-model';
import { ContractorListReader } from '../contractor-list.reader';
import { ListContractorListActivityQuery } from './list-contractor-list-activity.query';

/** Newest first; anyone who can see the list sees its activity. */
@QueryHandler(ListContractorListActivityQuery)
export class ListContractorListActivityHandler implements IQueryHandler<ListContractorListActivityQuery> {
  constructor(
    private readonly db: Db,
    private readonly lists: ContractorListReader,
  ) {}

  execute({
    actor,
    listId,
    page,
  }: ListContractorListActivityQuery): Promise<Page<ListActivityView>> {
    const user = listUserOf(actor);
    return this.db.read(async () => {
      if (!(await this.lists.getList(listId, user.userId)))
        throw new NotFoundError('contractor list', listId);
      return this.lists.listActivity(listId, page);
    });
  }
}
