import { Query } from '@nestjs/cqrs';
import { Page } from '@opsledger/http';
import { ContractorListView, ListItemView } from '../contractor-list.read-model';

/** A list opened through an email share's link: read-only, in system scope (no account). */
export class GetSharedContractorListQuery extends Query<{
  list: ContractorListView;
  items: Page<ListItemView>;
}> {
  constructor(
    readonly listId: string,
    readonly page: { limit: number; cursor?: string },
  ) {
    super();
  }
}
