import { DomainEvent } from '@opsledger/ddd';

export class SsoSessionStartedEvent extends DomainEvent<{
  userId: string;
  ipAddress: string | null;
  userAgent: string | null;
  authTime: string;
  expiresAt: string;
}> {
  readonly type = 'oauth.session.started.v1';
}

export class SsoSessionEndedEvent extends DomainEvent<{
  userId: string;
  reason: string;
  clientId: string | null;
}> {
  readonly type = 'oauth.session.ended.v1';
}
