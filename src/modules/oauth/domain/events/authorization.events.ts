import { DomainEvent, NO_PERSONAL_DATA } from '@opsledger/ddd';

export class AuthorizationCodeIssuedEvent extends DomainEvent<{
  clientId: string;
  userId: string;
  tenantId: string | null;
  sessionId: string;
  scopes: string[];
  audience: string[];
  redirectUri: string;
  pkce: boolean;
  expiresAt: string;
}> {
  static readonly personalData = NO_PERSONAL_DATA;
  readonly type = 'oauth.authorization-code.issued.v1';
}

export class AuthorizationCodeRedeemedEvent extends DomainEvent<{
  clientId: string;
  familyId: string;
}> {
  static readonly personalData = NO_PERSONAL_DATA;
  readonly type = 'oauth.authorization-code.redeemed.v1';
}

/** A code came back after it was used: the tokens it produced are revoked (RFC 6749 §4.1.2). */
export class AuthorizationCodeReplayedEvent extends DomainEvent<{
  clientId: string;
  familyId: string | null;
}> {
  static readonly personalData = NO_PERSONAL_DATA;
  readonly type = 'oauth.authorization-code.replayed.v1';
}

export class TokenFamilyStartedEvent extends DomainEvent<{
  clientId: string;
  userId: string | null;
  tenantId: string | null;
  grantType: string;
  scopes: string[];
  audience: string[];
  sessionId: string | null;
  authorizationCodeId: string | null;
  accessTokenId: string;
  refreshTokenId: string | null;
  expiresAt: string;
}> {
  static readonly personalData = NO_PERSONAL_DATA;
  readonly type = 'oauth.token-family.started.v1';
}

export class TokenFamilyRefreshedEvent extends DomainEvent<{
  clientId: string;
  userId: string | null;
  refreshTokenId: string;
  accessTokenId: string;
  /** A repeat of the same refresh inside the grace window, answered with the same successor. */
  duplicate: boolean;
}> {
  static readonly personalData = NO_PERSONAL_DATA;
  readonly type = 'oauth.token-family.refreshed.v1';
}

/** A rotated refresh token was presented again: the whole family is revoked. */
export class RefreshTokenReuseDetectedEvent extends DomainEvent<{
  clientId: string;
  userId: string | null;
  refreshTokenId: string;
}> {
  static readonly personalData = NO_PERSONAL_DATA;
  readonly type = 'oauth.token-family.refresh-token-reuse-detected.v1';
}

export class AccessTokenRevokedEvent extends DomainEvent<{
  clientId: string;
  accessTokenId: string;
}> {
  static readonly personalData = NO_PERSONAL_DATA;
  readonly type = 'oauth.token-family.access-token-revoked.v1';
}

export class TokenFamilyRevokedEvent extends DomainEvent<{
  clientId: string;
  userId: string | null;
  reason: string;
}> {
  static readonly personalData = NO_PERSONAL_DATA;
  readonly type = 'oauth.token-family.revoked.v1';
}
