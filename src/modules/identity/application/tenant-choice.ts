import { isUsable, MembershipView } from './queries/membership.reader';
import { NotAMemberError, MembershipExpiredError } from '../domain/tenancy.errors';

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
    if (!membership) throw new NotAMemberError();
    if (!isUsable(membership)) {
      throw new MembershipExpiredError();
    }
    return membership;
  }
  const usable = memberships.filter((m) => isUsable(m));
  return usable.find((m) => m.isDefault) ?? usable[0] ?? null;
}
