import { DomainEvent } from '@opsledger/ddd';
import { OrganizationRole } from '../organization-role';

export class OrganizationCreatedEvent extends DomainEvent<{
  tenantId: string;
  name: string;
  slug: string;
  description: string | null;
  isActive: true;
}> {
  readonly type = 'identity.organization.created.v1';
}

export class OrganizationRenamedEvent extends DomainEvent<{ name: string }> {
  readonly type = 'identity.organization.renamed.v1';
}

export class OrganizationDescriptionChangedEvent extends DomainEvent<{
  description: string | null;
}> {
  readonly type = 'identity.organization.description-changed.v1';
}

export class OrganizationDeactivatedEvent extends DomainEvent<{ isActive: false }> {
  readonly type = 'identity.organization.deactivated.v1';
}

export class OrganizationMemberAddedEvent extends DomainEvent<{
  userId: string;
  role: OrganizationRole;
}> {
  readonly type = 'identity.organization.member-added.v1';
}

export class OrganizationMemberRemovedEvent extends DomainEvent<{
  userId: string;
  reason: 'removed' | 'left-tenant';
}> {
  readonly type = 'identity.organization.member-removed.v1';
}
