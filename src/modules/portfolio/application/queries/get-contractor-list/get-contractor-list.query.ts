import { Query } from '@nestjs/cqrs';
import type { Actor } from '@opsledger/persistence';
import { ContractorListView } from '../contractor-list.read-model';

export class GetContractorListQuery extends Query<ContractorListView> {
  constructor(
    readonly actor: Actor,
    readonly listId: string,
  ) {
    super();
  }
}
