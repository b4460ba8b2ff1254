import { UserView, SessionView, UserListFilter } from './user.read-model';

/** Read port: users and sessions as read models; never aggregates. */
export abstract class IdentityReader {
  abstract getUser(
    id: string,
    visibleToTenant: string | null,
    viewerId: string | null,
  ): Promise<UserView | null>;
  abstract listUsers(
    filter: UserListFilter,
    limit: number,
    cursor: string | undefined,
  ): Promise<{ items: UserView[]; nextCursor: string | null }>;
  abstract listSessions(
    userId: string,
    includeEnded: boolean,
    limit: number,
    cursor: string | undefined,
  ): Promise<{ items: SessionView[]; nextCursor: string | null }>;
}
