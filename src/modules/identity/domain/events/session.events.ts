import { DomainEvent, NO_PERSONAL_DATA, personalData } from '@opsledger/ddd';

export class SessionStartedEvent extends DomainEvent<{
  userId: string;
  tenantId: string | null;
  ipAddress: string | null;
  userAgent: string | null;
  expiresAt: string;
}> {
  static readonly personalData = personalData<SessionStartedEvent>({
    fields: ['ipAddress', 'userAgent'],
    subject: 'userId',
  });
  readonly type = 'identity.session.started.v1';
}

export class SessionRefreshedEvent extends DomainEvent<{ userId: string; tokenId: string }> {
  static readonly personalData = NO_PERSONAL_DATA;
  readonly type = 'identity.session.refreshed.v1';
}

export class SessionTenantSwitchedEvent extends DomainEvent<{ userId: string; tenantId: string }> {
  static readonly personalData = NO_PERSONAL_DATA;
  readonly type = 'identity.session.tenant-switched.v1';
}

export class SessionRevokedEvent extends DomainEvent<{ userId: string; reason: string }> {
  static readonly personalData = NO_PERSONAL_DATA;
  readonly type = 'identity.session.revoked.v1';
}

/** A rotated refresh token came back: the whole family is revoked. */
export class RefreshTokenReuseDetectedEvent extends DomainEvent<{
  userId: string;
  tokenId: string;
}> {
  static readonly personalData = NO_PERSONAL_DATA;
  readonly type = 'identity.session.refresh-token-reuse-detected.v1';
}
