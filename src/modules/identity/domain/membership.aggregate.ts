import { AggregateRoot, DomainError } from '@opsledger/ddd';
import {
  MembershipAddedEvent,
  MembershipDefaultClearedEvent,
  MembershipExpiryChangedEvent,
  MembershipMadeDefaultEvent,
  MembershipRemovedEvent,
  MembershipRoleChangedEvent,
} from './events/membership.events';
import { TenantRole } from './platform-role';
import { ExpiryNotInFutureError, LastOwnerError, MembershipExpiredError } from './tenancy.errors';

export interface MembershipState {
  userId: string;
  tenantId: string;
  role: TenantRole;
  isDefault: boolean;
  joinedAt: Date;
  expiresAt: Date | null;
  /** Set by remove(): the repository deletes the row, the ledger keeps the history. */
  removed: boolean;
}

export interface AddMembershipProps {
  id: string;
  userId: string;
  tenantId: string;
  role: TenantRole;
  expiresAt: Date | null;
}

/**
 * A user's place in a tenant (spec 001 `user_tenants`): tenant role, optional expiry and
 * whether it is the user's default tenant. Rules that span memberships (one default per
 * user, at least one live owner per tenant) are decided by the caller handing in what the
 * other memberships say; the repository locks those rows so the answer cannot go stale.
 */
export class Membership extends AggregateRoot {
  readonly streamType = 'membership';

  private constructor(
    id: string,
    version: number,
    private state: MembershipState,
  ) {
    super(id, version);
  }

  /** Created through Tenant.admitMember, which checks that the tenant accepts members. */
  static add(props: AddMembershipProps, now = new Date()): Membership {
    if (props.expiresAt && props.expiresAt <= now) throw new ExpiryNotInFutureError();
    const membership = new Membership(props.id, 0, {
      userId: props.userId,
      tenantId: props.tenantId,
      role: props.role,
      isDefault: false,
      joinedAt: now,
      expiresAt: props.expiresAt,
      removed: false,
    });
    membership.record(
      new MembershipAddedEvent(props.id, {
        userId: props.userId,
        tenantId: props.tenantId,
        role: props.role,
        expiresAt: props.expiresAt?.toISOString() ?? null,
        isDefault: false,
      }),
    );
    return membership;
  }

  static rehydrate(id: string, version: number, state: MembershipState): Membership {
    return new Membership(id, version, { ...state });
  }

  get snapshot(): Readonly<MembershipState> {
    return this.state;
  }

  get userId(): string {
    return this.state.userId;
  }

  get tenantId(): string {
    return this.state.tenantId;
  }

  get role(): TenantRole {
    return this.state.role;
  }

  isLive(now = new Date()): boolean {
    return !this.state.removed && (this.state.expiresAt === null || this.state.expiresAt > now);
  }

  /** `otherLiveOwners`: owners of the tenant other than this membership whose access has not expired. */
  changeRole(role: TenantRole, otherLiveOwners: number): void {
    this.assertNotRemoved();
    if (role === this.state.role) return;
    if (this.state.role === 'owner') this.assertNotLastOwner(otherLiveOwners);
    const previous = this.state.role;
    this.state = { ...this.state, role };
    this.record(
      new MembershipRoleChangedEvent(
        this.id,
        { userId: this.state.userId, tenantId: this.state.tenantId, role },
        { role: previous },
      ),
    );
  }

  /** An expiring owner would leave the tenant ownerless later, so the last owner cannot get one. */
  changeExpiry(expiresAt: Date | null, otherLiveOwners: number, now = new Date()): void {
    this.assertNotRemoved();
    if (expiresAt && expiresAt <= now) throw new ExpiryNotInFutureError();
    if ((expiresAt?.getTime() ?? null) === (this.state.expiresAt?.getTime() ?? null)) return;
    if (expiresAt && this.state.role === 'owner') this.assertNotLastOwner(otherLiveOwners);
    const previous = this.state.expiresAt;
    this.state = { ...this.state, expiresAt };
    this.record(
      new MembershipExpiryChangedEvent(
        this.id,
        {
          userId: this.state.userId,
          tenantId: this.state.tenantId,
          expiresAt: expiresAt?.toISOString() ?? null,
        },
        { expiresAt: previous?.toISOString() ?? null },
      ),
    );
  }

  /** The caller clears the user's previous default first (one default per user). */
  makeDefault(now = new Date()): void {
    this.assertNotRemoved();
    if (!this.isLive(now)) throw new MembershipExpiredError();
    if (this.state.isDefault) return;
    this.state = { ...this.state, isDefault: true };
    this.record(
      new MembershipMadeDefaultEvent(
        this.id,
        { userId: this.state.userId, tenantId: this.state.tenantId, isDefault: true },
        { isDefault: false },
      ),
    );
  }

  clearDefault(): void {
    this.assertNotRemoved();
    if (!this.state.isDefault) return;
    this.state = { ...this.state, isDefault: false };
    this.record(
      new MembershipDefaultClearedEvent(
        this.id,
        { userId: this.state.userId, tenantId: this.state.tenantId, isDefault: false },
        { isDefault: true },
      ),
    );
  }

  remove(otherLiveOwners: number): void {
    this.assertNotRemoved();
    if (this.state.role === 'owner') this.assertNotLastOwner(otherLiveOwners);
    this.state = { ...this.state, removed: true };
    this.record(
      new MembershipRemovedEvent(this.id, {
        userId: this.state.userId,
        tenantId: this.state.tenantId,
        role: this.state.role,
        wasDefault: this.state.isDefault,
      }),
    );
  }

  private assertNotLastOwner(otherLiveOwners: number): void {
    if (otherLiveOwners < 1) throw new LastOwnerError();
  }

  private assertNotRemoved(): void {
    if (this.state.removed)
      throw new DomainError(
        'IDENTITY.MEMBERSHIP_REMOVED',
        'conflict',
        'This membership has been removed',
      );
  }
}
