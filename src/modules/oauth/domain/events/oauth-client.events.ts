import { DomainEvent } from '@opsledger/ddd';

/** What an admin can see and change about a client; the secret's hash never enters the ledger. */
export interface OAuthClientSettingsPayload {
  name: string;
  redirectUris: string[];
  postLogoutRedirectUris: string[];
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
  readonly type = 'oauth.client.registered.v1';
}

export class OAuthClientChangedEvent extends DomainEvent<Partial<OAuthClientSettingsPayload>> {
  readonly type = 'oauth.client.changed.v1';
}

export class OAuthClientSecretRotatedEvent extends DomainEvent<{ rotatedAt: string }> {
  readonly type = 'oauth.client.secret-rotated.v1';
}

export class OAuthClientDeactivatedEvent extends DomainEvent<{ isActive: false }> {
  readonly type = 'oauth.client.deactivated.v1';
}
