import { NotFoundError } from '@opsledger/ddd';
import type { Actor } from '@opsledger/persistence';
import { ContractorList, ListAccess } from '../domain/contractor-list.aggregate';
import { ContractorListRepository } from '../domain/contractor-list.repository';
import { ListEditForbiddenError, TenantRequiredError } from '../domain/portfolio.errors';

/** A signed-in user acting in one tenant: the owner of lists. */
export interface ListUser {
  userId: string;
  tenantId: string;
}

export function listUserOf(actor: Actor): ListUser {
  if (actor.type !== 'user' || !actor.id || !actor.tenantId) throw new TenantRequiredError();
  return { userId: actor.id, tenantId: actor.tenantId };
}

/**
 * The list, locked, with what the user may do with it; a list they may not see is a 404
 * (row-level security hides it in the first place).
 */
export async function listFor(
  lists: ContractorListRepository,
  user: ListUser,
  listId: string,
): Promise<{ list: ContractorList; access: ListAccess }> {
  const list = await lists.findById(listId);
  const access = list ? list.accessOf(user.userId, await lists.shareOf(listId, user.userId)) : null;
  if (!list || !access || list.snapshot.tenantId !== user.tenantId) {
    // Locking a row takes the right to change it: a list seen through a view share or as a
    // public list cannot be locked, and is read-only rather than missing.
    if (!list && (await lists.isVisible(listId))) throw new ListEditForbiddenError();
    throw new NotFoundError('contractor list', listId);
  }
  return { list, access };
}
