import type { Actor } from '@opsledger/persistence';
import { UserListFilter } from '../user.read-model';

export class ListUsersQuery {
  constructor(
    readonly actor: Actor,
    readonly filter: Omit<UserListFilter, 'tenantId'>,
    readonly limit: number,
    readonly cursor?: string,
  ) {}
}
