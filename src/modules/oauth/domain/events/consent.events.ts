import { DomainEvent, NO_PERSONAL_DATA } from '@opsledger/ddd';

export class ConsentGrantedEvent extends DomainEvent<{
  userId: string;
  clientId: string;
  scopes: string[];
}> {
  static readonly personalData = NO_PERSONAL_DATA;
  readonly type = 'oauth.consent.granted.v1';
}

export class ConsentRevokedEvent extends DomainEvent<{
  userId: string;
  clientId: string;
  revokedBy: 'user' | 'admin';
}> {
  static readonly personalData = NO_PERSONAL_DATA;
  readonly type = 'oauth.consent.revoked.v1';
}
