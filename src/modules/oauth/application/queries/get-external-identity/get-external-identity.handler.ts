import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { DomainError } from '@opsledger/ddd';
import { Db } from '@opsledger/persistence';
import { assertSelfOrAdmin } from '../../oauth-access';
import { ExternalIdentityView } from '../external-identity.read-model';
import { ExternalIdentityReader } from '../external-identity.reader';
import { GetExternalIdentityQuery } from './get-external-identity.query';

@QueryHandler(GetExternalIdentityQuery)
export class GetExternalIdentityHandler implements IQueryHandler<
  GetExternalIdentityQuery,
  ExternalIdentityView
> {
  constructor(
    private readonly db: Db,
    private readonly reader: ExternalIdentityReader,
  ) {}

  async execute(query: GetExternalIdentityQuery): Promise<ExternalIdentityView> {
    assertSelfOrAdmin(query.actor, query.userId);
    const identity = await this.db.read(() => this.reader.get(query.id));
    if (!identity || identity.userId !== query.userId) {
      throw new DomainError(
        'OAUTH.EXTERNAL_IDENTITY_NOT_FOUND',
        'not_found',
        'This account has no such external identity',
        { field: 'identityId' },
      );
    }
    return identity;
  }
}
