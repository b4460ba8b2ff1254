import { Query } from '@nestjs/cqrs';
import type { Actor } from '@opsledger/persistence';
import { ListItemView } from '../contractor-list.read-model';

export class GetContractorListItemQuery extends Query<ListItemView> {
  constructor(
    readonly actor: Actor,
    readonly listId: string,
    readonly itemId: string,
  ) {
    super();
  }
}
