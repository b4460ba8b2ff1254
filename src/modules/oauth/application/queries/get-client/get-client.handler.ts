import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { Db } from '@opsledger/persistence';
import { OAuthClientNotFoundError } from '../../../domain/oauth.errors';
import { assertPlatformAdmin } from '../../oauth-access';
import { OAuthClientView } from '../oauth-client.read-model';
import { OAuthClientReader } from '../oauth-client.reader';
import { GetClientQuery } from './get-client.query';

@QueryHandler(GetClientQuery)
export class GetClientHandler implements IQueryHandler<GetClientQuery, OAuthClientView> {
  constructor(
    private readonly db: Db,
    private readonly reader: OAuthClientReader,
  ) {}

  async execute(query: GetClientQuery): Promise<OAuthClientView> {
    assertPlatformAdmin(query.actor);
    const client = await this.db.read(() => this.reader.get(query.id));
    if (!client) throw new OAuthClientNotFoundError();
    return client;
  }
}
