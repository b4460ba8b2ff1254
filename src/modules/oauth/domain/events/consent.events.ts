import { DomainEvent } from '@opsledger/ddd';

export class ConsentGrantedEvent extends DomainEvent<{
  userId: string;
  clientId: string;
  scopes: string[];
}> {
  readonly type = 'oauth.consent.granted.v1';
}

export class ConsentRevokedEvent extends DomainEvent<{
  userId: string;
  clientId: string;
  revokedBy: 'user' | 'admin';
}> {
  readonly type = 'oauth.consent.revoked.v1';
}
