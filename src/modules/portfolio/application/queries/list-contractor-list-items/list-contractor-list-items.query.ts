import { Query } from '@nestjs/cqrs';
import { Page } from '@opsledger/http';
import type { Actor } from '@opsledger/persistence';
import { ListItemView } from '../contractor-list.read-model';

export class ListContractorListItemsQuery extends Query<Page<ListItemView>> {
  constructor(
    readonly actor: Actor,
    readonly listId: string,
    readonly page: { limit: number; cursor?: string },
  ) {
    super();
  }
}
