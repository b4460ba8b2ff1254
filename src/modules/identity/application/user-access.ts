import { NotFoundError } from '@opsledger/ddd';
import type { Actor } from '@opsledger/persistence';
import { DomainError } from '@opsledger/ddd';
import { User } from '../domain/user.aggregate';

export const isPlatformAdmin = (actor: Actor) => actor.roles.includes('admin');

/** Self or platform admin may change an account; anyone else is told it does not exist or is forbidden. */
export function assertMayManageUser(
  actor: Actor,
  user: User | null,
  userId: string,
): asserts user is User {
  if (!user) throw new NotFoundError('user', userId);
  if (actor.id !== user.id && !isPlatformAdmin(actor)) {
    throw new DomainError(
      'IDENTITY.NOT_ALLOWED',
      'forbidden',
      'Only the account holder or an admin can change this account',
    );
  }
}
