import type { Actor } from '@opsledger/persistence';

export const isPlatformAdmin = (actor: Actor) => actor.roles.includes('admin');

/** A request is its user's and the platform admins' business; to anyone else it does not exist. */
export function mayFollow(actor: Actor, userId: string): boolean {
  return isPlatformAdmin(actor) || (actor.type === 'user' && actor.id === userId);
}
