import type { Actor } from '@opsledger/persistence';
import { UserTokenRequiredError } from '../domain/accounts.errors';

export const isPlatformAdmin = (actor: Actor) => actor.roles.includes('admin');

/** The user whose vault a /me request works on: the token's subject, never an id from the request. */
export function vaultOwnerOf(actor: Actor): string {
  if (actor.type !== 'user' || !actor.id) throw new UserTokenRequiredError();
  return actor.id;
}

/** Self or a platform admin; anyone else is told the resource does not exist. */
export function mayRead(actor: Actor, userId: string): boolean {
  return (actor.type === 'user' && actor.id === userId) || isPlatformAdmin(actor);
}
