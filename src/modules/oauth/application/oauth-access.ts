import { DomainError } from '@opsledger/ddd';
import type { Actor } from '@opsledger/persistence';

export const isPlatformAdmin = (actor: Actor) => actor.roles.includes('admin');

/** The controllers require the role too; the handlers do not trust that alone. */
export function assertPlatformAdmin(actor: Actor): void {
  if (!isPlatformAdmin(actor))
    throw new DomainError('AUTH.ROLE_REQUIRED', 'forbidden', 'This needs one of the roles: admin');
}

/** A user's own grants, or anyone's for a platform admin. */
export function assertSelfOrAdmin(actor: Actor, userId: string): void {
  if (actor.type !== 'user' || (actor.id !== userId && !isPlatformAdmin(actor))) {
    throw new DomainError(
      'OAUTH.NOT_ALLOWED',
      'forbidden',
      'Only the account holder or an admin can see or change these grants',
    );
  }
}
