import { Query } from '@nestjs/cqrs';
import type { Actor } from '@opsledger/persistence';
import { ListShareView } from '../contractor-list.read-model';

export class ListContractorListSharesQuery extends Query<ListShareView[]> {
  constructor(
    readonly actor: Actor,
    readonly listId: string,
  ) {
    super();
  }
}
