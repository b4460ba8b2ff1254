import { DomainEvent, NO_PERSONAL_DATA } from '@opsledger/ddd';
import { TenantRole } from '../platform-role';

export class MembershipAddedEvent extends DomainEvent<{
  userId: string;
  tenantId: string;
  role: TenantRole;
  expiresAt: string | null;
  isDefault: boolean;
}> {
  static readonly personalData = NO_PERSONAL_DATA;
  readonly type = 'identity.membership.added.v1';
}

export class MembershipRoleChangedEvent extends DomainEvent<{
  userId: string;
  tenantId: string;
  role: TenantRole;
}> {
  static readonly personalData = NO_PERSONAL_DATA;
  readonly type = 'identity.membership.role-changed.v1';
}

export class MembershipExpiryChangedEvent extends DomainEvent<{
  userId: string;
  tenantId: string;
  expiresAt: string | null;
}> {
  static readonly personalData = NO_PERSONAL_DATA;
  readonly type = 'identity.membership.expiry-changed.v1';
}

export class MembershipMadeDefaultEvent extends DomainEvent<{
  userId: string;
  tenantId: string;
  isDefault: true;
}> {
  static readonly personalData = NO_PERSONAL_DATA;
  readonly type = 'identity.membership.made-default.v1';
}

export class MembershipDefaultClearedEvent extends DomainEvent<{
  userId: string;
  tenantId: string;
  isDefault: false;
}> {
  static readonly personalData = NO_PERSONAL_DATA;
  readonly type = 'identity.membership.default-cleared.v1';
}

/** Carries what the membership held when it ended, since the row itself is deleted. */
export class MembershipRemovedEvent extends DomainEvent<{
  userId: string;
  tenantId: string;
  role: TenantRole;
  wasDefault: boolean;
}> {
  static readonly personalData = NO_PERSONAL_DATA;
  readonly type = 'identity.membership.removed.v1';
}
