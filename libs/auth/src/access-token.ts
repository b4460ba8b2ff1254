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

/**
 * The claims of the bearer token of a request the guard already let in (its signature was
 * verified then): for work that outlives the request and must re-check them. Null without one.
 */
export type BearerClaims = AccessTokenClaims & { exp?: number; jti?: string; client_id?: string };

export function bearerClaimsOf(authorization: string | string[] | undefined): BearerClaims | null {
  if (typeof authorization !== 'string') return null;
  const match = /^Bearer\s+([\w-]+)\.([\w-]+)\.([\w-]+)$/i.exec(authorization.trim());
  if (!match) return null;
  try {
    return JSON.parse(Buffer.from(match[2], 'base64url').toString('utf8')) as BearerClaims;
  } catch {
    return null;
  }
}
