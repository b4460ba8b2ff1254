import { NotFoundError } from '@opsledger/ddd';
import type { Actor } from '@opsledger/persistence';
import { User } from '../domain/user.aggregate';
import { AccountChangeNotAllowedError } from '../domain/identity.errors';

export const isPlatformAdmin = (actor: Actor) => actor.roles.includes('admin');

/** Self or platform admin may change an account; anyone else is told it does not exist or is forbidden. */
export function assertMayManageUser(
  actor: Actor,
  user: User | null,
  userId: string,
): asserts user is User {
  if (!user) throw new NotFoundError('user', userId);
  if (actor.id !== user.id && !isPlatformAdmin(actor)) {
    throw new AccountChangeNotAllowedError();
  }
}
