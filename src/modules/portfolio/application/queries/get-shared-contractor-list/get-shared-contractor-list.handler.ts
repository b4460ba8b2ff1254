import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { NotFoundError } from '@opsledger/ddd';
import { Page } from '@opsledger/http';
import { Db, RequestContext } from '@opsledger/persistence';
import { ContractorListView, ListItemView } from '../contractor-list.read-model';
import { ContractorListReader } from '../contractor-list.reader';
import { GetSharedContractorListQuery } from './get-shared-contractor-list.query';

const NOBODY = '00000000-0000-0000-0000-000000000000';

@QueryHandler(GetSharedContractorListQuery)
export class GetSharedContractorListHandler implements IQueryHandler<GetSharedContractorListQuery> {
  constructor(
    private readonly db: Db,
    private readonly context: RequestContext,
    private readonly lists: ContractorListReader,
  ) {}

  execute({ listId, page }: GetSharedContractorListQuery): Promise<{
    list: ContractorListView;
    items: Page<ListItemView>;
  }> {
    return this.context.asSystem(() =>
      this.db.read(async () => {
        const list = await this.lists.getList(listId, NOBODY);
        if (!list) throw new NotFoundError('contractor list', listId);
        return {
          list: { ...list, access: 'view' as const },
          items: await this.lists.listItems(listId, page),
        };
      }),
    );
  }
}
