import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { Page } from '@opsledger/http';
import { Db } from '@opsledger/persistence';
import { UserView } from '../user.read-model';
import { IdentityReader } from '../identity.reader';
import { tenantScopeOf } from '../viewer-scope';
import { ListUsersQuery } from './list-users.query';

@QueryHandler(ListUsersQuery)
export class ListUsersHandler implements IQueryHandler<ListUsersQuery, Page<UserView>> {
  constructor(
    private readonly db: Db,
    private readonly reader: IdentityReader,
  ) {}

  execute(query: ListUsersQuery): Promise<Page<UserView>> {
    return this.db.read(() =>
      this.reader.listUsers(
        { ...query.filter, tenantId: tenantScopeOf(query.actor) },
        query.limit,
        query.cursor,
      ),
    );
  }
}
