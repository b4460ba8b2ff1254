import { Membership } from './membership.aggregate';

/** Port: memberships (`user_tenants` rows) as aggregates. */
export abstract class MembershipRepository {
  abstract findByUserAndTenant(userId: string, tenantId: string): Promise<Membership | null>;
  /** The user's current default membership, locked: switching the default reads then writes it. */
  abstract findDefaultOf(userId: string): Promise<Membership | null>;
  /**
   * Live owners of the tenant other than `exceptMembershipId`. Locks the owner rows until the
   * transaction ends, so two owners demoting each other cannot both see the other one.
   */
  abstract countOtherLiveOwners(tenantId: string, exceptMembershipId: string): Promise<number>;
  abstract save(membership: Membership): Promise<void>;
}
