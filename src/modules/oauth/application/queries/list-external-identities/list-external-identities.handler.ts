import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { Page } from '@opsledger/http';
import { Db } from '@opsledger/persistence';
import { assertSelfOrAdmin } from '../../oauth-access';
import { ExternalIdentityView } from '../external-identity.read-model';
import { ExternalIdentityReader } from '../external-identity.reader';
import { ListExternalIdentitiesQuery } from './list-external-identities.query';

@QueryHandler(ListExternalIdentitiesQuery)
export class ListExternalIdentitiesHandler implements IQueryHandler<
  ListExternalIdentitiesQuery,
  Page<ExternalIdentityView>
> {
  constructor(
    private readonly db: Db,
    private readonly reader: ExternalIdentityReader,
  ) {}

  execute(query: ListExternalIdentitiesQuery): Promise<Page<ExternalIdentityView>> {
    assertSelfOrAdmin(query.actor, query.userId);
    return this.db.read(() => this.reader.listForUser(query.userId, query.limit, query.cursor));
  }
}
