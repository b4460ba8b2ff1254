import { DomainEvent, NO_PERSONAL_DATA, personalData } from '@opsledger/ddd';
import { OrganizationRole } from '../organization-role';

export class OrganizationCreatedEvent extends DomainEvent<{
  tenantId: string;
  name: string;
  slug: string;
  description: string | null;
  isActive: true;
}> {
  static readonly personalData = personalData<OrganizationCreatedEvent>({
    fields: [],
    notPersonal: ['name'],
  });
  readonly type = 'identity.organization.created.v1';
}

export class OrganizationRenamedEvent extends DomainEvent<{ name: string }> {
  static readonly personalData = personalData<OrganizationRenamedEvent>({
    fields: [],
    notPersonal: ['name'],
  });
  readonly type = 'identity.organization.renamed.v1';
}

export class OrganizationDescriptionChangedEvent extends DomainEvent<{
  description: string | null;
}> {
  static readonly personalData = NO_PERSONAL_DATA;
  readonly type = 'identity.organization.description-changed.v1';
}

export class OrganizationDeactivatedEvent extends DomainEvent<{ isActive: false }> {
  static readonly personalData = NO_PERSONAL_DATA;
  readonly type = 'identity.organization.deactivated.v1';
}

export class OrganizationMemberAddedEvent extends DomainEvent<{
  userId: string;
  role: OrganizationRole;
}> {
  static readonly personalData = NO_PERSONAL_DATA;
  readonly type = 'identity.organization.member-added.v1';
}

export class OrganizationMemberRemovedEvent extends DomainEvent<{
  userId: string;
  reason: 'removed' | 'left-tenant';
}> {
  static readonly personalData = NO_PERSONAL_DATA;
  readonly type = 'identity.organization.member-removed.v1';
}
