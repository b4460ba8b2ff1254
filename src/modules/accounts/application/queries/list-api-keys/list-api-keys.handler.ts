import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { NotFoundError } from '@opsledger/ddd';
import { Page } from '@opsledger/http';
import { Db } from '@opsledger/persistence';
import { AccountHolders } from '../../account-holders.port';
import { mayRead } from '../../vault-access';
import { ApiKeyView } from '../api-key.read-model';
import { ApiKeyReader } from '../api-key.reader';
import { ListApiKeysQuery } from './list-api-keys.query';

/** A user's key metadata, for that user or a platform admin (spec 002: admins view, read-only). */
@QueryHandler(ListApiKeysQuery)
export class ListApiKeysHandler implements IQueryHandler<ListApiKeysQuery, Page<ApiKeyView>> {
  constructor(
    private readonly db: Db,
    private readonly reader: ApiKeyReader,
    private readonly holders: AccountHolders,
  ) {}

  execute(query: ListApiKeysQuery): Promise<Page<ApiKeyView>> {
    const { actor, userId } = query;
    if (!mayRead(actor, userId)) throw new NotFoundError('user', userId);
    return this.db.read(async () => {
      if (actor.id !== userId && !(await this.holders.exists(userId)))
        throw new NotFoundError('user', userId);
      return this.reader.listForUser(userId, query.limit, query.cursor);
    });
  }
}
