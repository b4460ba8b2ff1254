import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { NotFoundError } from '@opsledger/ddd';
import { Db } from '@opsledger/persistence';
import { UserView } from '../user.read-model';
import { IdentityReader } from '../identity.reader';
import { tenantScopeOf } from '../viewer-scope';
import { GetUserQuery } from './get-user.query';

@QueryHandler(GetUserQuery)
export class GetUserHandler implements IQueryHandler<GetUserQuery, UserView> {
  constructor(
    private readonly db: Db,
    private readonly reader: IdentityReader,
  ) {}

  async execute(query: GetUserQuery): Promise<UserView> {
    const user = await this.db.read(() =>
      this.reader.getUser(query.userId, tenantScopeOf(query.actor), query.actor.id),
    );
    if (!user) throw new NotFoundError('user', query.userId);
    return user;
  }
}
