import type { Actor } from '@opsledger/persistence';
import { AdminRoleRequiredError, GrantsNotAllowedError } from '../domain/oauth.errors';

export const isPlatformAdmin = (actor: Actor) => actor.roles.includes('admin');

/** The controllers require the role too; the handlers do not trust that alone. */
export function assertPlatformAdmin(actor: Actor): void {
  if (!isPlatformAdmin(actor)) throw new AdminRoleRequiredError();
}

/** A user's own grants, or anyone's for a platform admin. */
export function assertSelfOrAdmin(actor: Actor, userId: string): void {
  if (actor.type !== 'user' || (actor.id !== userId && !isPlatformAdmin(actor))) {
    throw new GrantsNotAllowedError();
  }
}
