import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { Db } from '@opsledger/persistence';
import { ApiKeyNotFoundError } from '../../../domain/accounts.errors';
import { vaultOwnerOf } from '../../vault-access';
import { ApiKeyView } from '../api-key.read-model';
import { ApiKeyReader } from '../api-key.reader';
import { GetApiKeyQuery } from './get-api-key.query';

/** The caller's own key for a service; nobody else's is addressable this way. */
@QueryHandler(GetApiKeyQuery)
export class GetApiKeyHandler implements IQueryHandler<GetApiKeyQuery, ApiKeyView> {
  constructor(
    private readonly db: Db,
    private readonly reader: ApiKeyReader,
  ) {}

  async execute(query: GetApiKeyQuery): Promise<ApiKeyView> {
    const userId = vaultOwnerOf(query.actor);
    const key = await this.db.read(() => this.reader.getForUser(userId, query.service));
    if (!key) throw new ApiKeyNotFoundError(query.service);
    return key;
  }
}
