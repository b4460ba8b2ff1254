/** The server-side state of a token, as introspection and userinfo need it. */
export interface TokenStateView {
  kind: 'access_token' | 'refresh_token';
  id: string;
  tokenHash: string;
  familyId: string;
  clientRowId: string;
  clientId: string;
  userId: string | null;
  tenantId: string | null;
  scopes: string[];
  audience: string[];
  sessionId: string | null;
  expiresAt: Date;
  createdAt: Date;
  /** Revoked, rotated, expired, or its family ended. */
  active: boolean;
}
