import { DomainEvent, NO_PERSONAL_DATA, personalData } from '@opsledger/ddd';

export interface TenantSettingsPayload {
  selfSignup: boolean;
}

export class TenantCreatedEvent extends DomainEvent<{
  name: string;
  slug: string;
  domain: string | null;
  settings: TenantSettingsPayload;
  isActive: true;
}> {
  static readonly personalData = personalData<TenantCreatedEvent>({
    fields: [],
    notPersonal: ['name'],
  });
  readonly type = 'identity.tenant.created.v1';
}

export class TenantRenamedEvent extends DomainEvent<{ name: string }> {
  static readonly personalData = personalData<TenantRenamedEvent>({
    fields: [],
    notPersonal: ['name'],
  });
  readonly type = 'identity.tenant.renamed.v1';
}

export class TenantDomainChangedEvent extends DomainEvent<{ domain: string | null }> {
  static readonly personalData = NO_PERSONAL_DATA;
  readonly type = 'identity.tenant.domain-changed.v1';
}

/** Carries the whole settings object on both sides, so the audit diff names the nested field. */
export class TenantSettingsChangedEvent extends DomainEvent<{ settings: TenantSettingsPayload }> {
  static readonly personalData = NO_PERSONAL_DATA;
  readonly type = 'identity.tenant.settings-changed.v1';
}

export class TenantDeactivatedEvent extends DomainEvent<{ isActive: false }> {
  static readonly personalData = NO_PERSONAL_DATA;
  readonly type = 'identity.tenant.deactivated.v1';
}

export class TenantReactivatedEvent extends DomainEvent<{ isActive: true }> {
  static readonly personalData = NO_PERSONAL_DATA;
  readonly type = 'identity.tenant.reactivated.v1';
}
