import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { NotFoundError } from '@opsledger/ddd';
import { Db } from '@opsledger/persistence';
import { UserView } from '../user.read-model';
import { IdentityReader } from '../identity.reader';
import { directoryScopeOf } from '../viewer-scope';
import { GetUserQuery } from './get-user.query';

@QueryHandler(GetUserQuery)
export class GetUserHandler implements IQueryHandler<GetUserQuery, UserView> {
  constructor(
    private readonly db: Db,
    private readonly reader: IdentityReader,
  ) {}

  async execute(query: GetUserQuery): Promise<UserView> {
    const scope = directoryScopeOf(query.actor);
    // Outside the directory one's own account is the only one there is: another is a 404.
    if (scope.onlyUserId && scope.onlyUserId !== query.userId)
      throw new NotFoundError('user', query.userId);
    const user = await this.db.read(() =>
      this.reader.getUser(query.userId, scope.tenantId, query.actor.id),
    );
    if (!user) throw new NotFoundError('user', query.userId);
    return user;
  }
}
