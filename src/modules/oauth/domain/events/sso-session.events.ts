import { DomainEvent, NO_PERSONAL_DATA, personalData } from '@opsledger/ddd';

export class SsoSessionStartedEvent extends DomainEvent<{
  userId: string;
  ipAddress: string | null;
  userAgent: string | null;
  authTime: string;
  expiresAt: string;
}> {
  static readonly personalData = personalData<SsoSessionStartedEvent>({
    fields: ['ipAddress', 'userAgent'],
    subject: 'userId',
  });
  readonly type = 'oauth.session.started.v1';
}

export class SsoSessionEndedEvent extends DomainEvent<{
  userId: string;
  reason: string;
  clientId: string | null;
}> {
  static readonly personalData = NO_PERSONAL_DATA;
  readonly type = 'oauth.session.ended.v1';
}
