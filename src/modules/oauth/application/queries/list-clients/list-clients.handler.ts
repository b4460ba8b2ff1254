import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { Page } from '@opsledger/http';
import { Db } from '@opsledger/persistence';
import { assertPlatformAdmin } from '../../oauth-access';
import { OAuthClientView } from '../oauth-client.read-model';
import { OAuthClientReader } from '../oauth-client.reader';
import { ListClientsQuery } from './list-clients.query';

@QueryHandler(ListClientsQuery)
export class ListClientsHandler implements IQueryHandler<ListClientsQuery, Page<OAuthClientView>> {
  constructor(
    private readonly db: Db,
    private readonly reader: OAuthClientReader,
  ) {}

  execute(query: ListClientsQuery): Promise<Page<OAuthClientView>> {
    assertPlatformAdmin(query.actor);
    return this.db.read(() => this.reader.list(query.limit, query.cursor));
  }
}
