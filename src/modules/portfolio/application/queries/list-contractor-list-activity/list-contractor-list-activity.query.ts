import { Query } from '@nestjs/cqrs';
import { Page } from '@opsledger/http';
import type { Actor } from '@opsledger/persistence';
import { ListActivityView } from '../contractor-list.read-model';

export class ListContractorListActivityQuery extends Query<Page<ListActivityView>> {
  constructor(
    readonly actor: Actor,
    readonly listId: string,
    readonly page: { limit: number; cursor?: string },
  ) {
    super();
  }
}
