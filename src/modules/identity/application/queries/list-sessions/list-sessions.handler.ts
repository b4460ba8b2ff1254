import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { NotFoundError } from '@opsledger/ddd';
import { Page } from '@opsledger/http';
import { Db } from '@opsledger/persistence';
import { SessionView } from '../user.read-model';
import { IdentityReader } from '../identity.reader';
import { ListSessionsQuery } from './list-sessions.query';

/** Own sessions for everyone; any user's for platform admins. */
@QueryHandler(ListSessionsQuery)
export class ListSessionsHandler implements IQueryHandler<ListSessionsQuery, Page<SessionView>> {
  constructor(
    private readonly db: Db,
    private readonly reader: IdentityReader,
  ) {}

  async execute(query: ListSessionsQuery): Promise<Page<SessionView>> {
    if (query.userId !== query.actor.id && !query.actor.roles.includes('admin'))
      throw new NotFoundError('user', query.userId);
    const page = await this.db.read(() =>
      this.reader.listSessions(query.userId, query.includeEnded, query.limit, query.cursor),
    );
    return {
      ...page,
      items: page.items.map((s) => ({ ...s, current: s.id === query.actor.sessionId })),
    };
  }
}
