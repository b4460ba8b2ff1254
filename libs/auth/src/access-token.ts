/** Claims of an OpsLedger access token. */
export interface AccessTokenClaims {
  sub: string;
  /** Tenant the token acts in. */
  tid: string | null;
  /** Platform roles. */
  roles: string[];
  /** Role in the tenant (`owner`, `admin`, `member`, …). */
  trole: string | null;
  /** Session id (user_sessions.id). */
  sid: string | null;
  scope: string;
  typ?: 'user' | 'client';
}

export const ACCESS_TOKEN_AUDIENCE = 'opsledger-api';
