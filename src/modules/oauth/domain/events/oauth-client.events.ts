import { DomainEvent, NO_PERSONAL_DATA, personalData } from '@opsledger/ddd';

/** What an admin can see and change about a client; the secret's hash never enters the ledger. */
export interface OAuthClientSettingsPayload {
  name: string;
  redirectUris: string[];
  postLogoutRedirectUris: string[];
  /** Absent on events recorded before clients had allowed origins. */
  allowedOrigins?: string[];
  grantTypes: string[];
  scopes: string[];
  audience: string[];
  isFirstParty: boolean;
}

export class OAuthClientRegisteredEvent extends DomainEvent<
  OAuthClientSettingsPayload & {
    clientId: string;
    tokenEndpointAuthMethod: string;
    tenantId: string | null;
    isActive: true;
  }
> {
  static readonly personalData = personalData<OAuthClientRegisteredEvent>({
    fields: [],
    notPersonal: ['name'],
  });
  readonly type = 'oauth.client.registered.v1';
}

export class OAuthClientChangedEvent extends DomainEvent<Partial<OAuthClientSettingsPayload>> {
  static readonly personalData = personalData<OAuthClientChangedEvent>({
    fields: [],
    notPersonal: ['name'],
  });
  readonly type = 'oauth.client.changed.v1';
}

export class OAuthClientSecretRotatedEvent extends DomainEvent<{ rotatedAt: string }> {
  static readonly personalData = NO_PERSONAL_DATA;
  readonly type = 'oauth.client.secret-rotated.v1';
}

export class OAuthClientDeactivatedEvent extends DomainEvent<{ isActive: false }> {
  static readonly personalData = NO_PERSONAL_DATA;
  readonly type = 'oauth.client.deactivated.v1';
}
