import { ContractorList, ListItemState, ListShareState } from './contractor-list.aggregate';
import { ListTotals } from './events/contractor-list.events';

export abstract class ContractorListRepository {
  /** The list if the caller may see it, its row locked for the rest of the transaction. */
  abstract findById(id: string): Promise<ContractorList | null>;
  /** Whether the caller may see the list (without the right to change it). */
  abstract isVisible(id: string): Promise<boolean>;
  /** The owner's default list in the tenant, locked. */
  abstract findDefaultOf(tenantId: string, ownerId: string): Promise<ContractorList | null>;
  /** How many lists the user owns in the tenant. */
  abstract countOwned(tenantId: string, ownerId: string): Promise<number>;
  abstract findItem(listId: string, itemId: string): Promise<ListItemState | null>;
  abstract hasProfile(listId: string, contractorProfileId: string): Promise<boolean>;
  /** The share `userId` holds on the list, if any. */
  abstract shareOf(listId: string, userId: string): Promise<ListShareState | null>;
  abstract findShare(listId: string, shareId: string): Promise<ListShareState | null>;
  /** The list an email share's token opens, unexpired; system scope. */
  abstract findByShareToken(
    tokenHash: string,
  ): Promise<{ listId: string; share: ListShareState } | null>;
  /**
   * Item count and total contract value once a profile is added or an item removed, from the
   * rows as they are (call with the list locked, so concurrent changes queue up and each sees
   * the other's).
   */
  abstract totalsAfter(
    listId: string,
    change: { add: string } | { remove: string },
  ): Promise<ListTotals>;
  abstract save(list: ContractorList): Promise<void>;
}
