import { Query } from '@nestjs/cqrs';
import { Page } from '@opsledger/http';
import type { Actor } from '@opsledger/persistence';
import { ContractorListView, ListScope } from '../contractor-list.read-model';

export class ListContractorListsQuery extends Query<Page<ContractorListView>> {
  constructor(
    readonly actor: Actor,
    readonly scope: ListScope,
    readonly page: { limit: number; cursor?: string },
  ) {
    super();
  }
}
