import { DomainError } from '@opsledger/ddd';
import { isUsable, MembershipView } from './queries/membership.reader';

/**
 * The tenant a token acts in: the one asked for (which must be a live membership), else
 * the default membership, else the first live one, else none.
 */
export function chooseTenant(
  memberships: MembershipView[],
  requested: string | null,
): MembershipView | null {
  if (requested) {
    const membership = memberships.find((m) => m.tenantId === requested);
    if (!membership)
      throw new DomainError(
        'AUTH.NOT_A_MEMBER',
        'forbidden',
        'You are not a member of this tenant',
      );
    if (!isUsable(membership)) {
      throw new DomainError(
        'AUTH.MEMBERSHIP_EXPIRED',
        'forbidden',
        'Your membership of this tenant has expired or the tenant is inactive',
      );
    }
    return membership;
  }
  const usable = memberships.filter((m) => isUsable(m));
  return usable.find((m) => m.isDefault) ?? usable[0] ?? null;
}
