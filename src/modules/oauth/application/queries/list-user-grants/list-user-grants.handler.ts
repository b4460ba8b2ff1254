import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { Page } from '@opsledger/http';
import { Db } from '@opsledger/persistence';
import { assertSelfOrAdmin } from '../../oauth-access';
import { OAuthGrantView } from '../oauth-grant.read-model';
import { OAuthGrantReader } from '../oauth-grant.reader';
import { ListUserGrantsQuery } from './list-user-grants.query';

/** Runs as the caller: row-level security shows a user their own consents and tokens only. */
@QueryHandler(ListUserGrantsQuery)
export class ListUserGrantsHandler implements IQueryHandler<
  ListUserGrantsQuery,
  Page<OAuthGrantView>
> {
  constructor(
    private readonly db: Db,
    private readonly reader: OAuthGrantReader,
  ) {}

  execute(query: ListUserGrantsQuery): Promise<Page<OAuthGrantView>> {
    assertSelfOrAdmin(query.actor, query.userId);
    return this.db.read(() => this.reader.listForUser(query.userId, query.limit, query.cursor));
  }
}
