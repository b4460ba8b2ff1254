import { Injectable } from '@nestjs/common';
import { MintedAccessToken, TokenMint } from './token-mint';
import { OAuthClientView } from './queries/oauth-client.read-model';
import { TokenSubject, UserClaims } from './user-claims';
import { formatScope } from '../domain/scopes';

/** The user's API roles travel only with the `api` scope: a sign-in-only client gets none. */
const carriesRoles = (scopes: readonly string[]) => scopes.includes('api');

/** Mints the tokens of one grant, user or client, with the claims the platform's API reads. */
@Injectable()
export class GrantTokens {
  constructor(
    private readonly mint: TokenMint,
    private readonly claims: UserClaims,
  ) {}

  get accessTokenTtlSeconds(): number {
    return this.mint.accessTokenTtlSeconds;
  }

  userAccessToken(args: {
    client: OAuthClientView;
    subject: TokenSubject;
    tenantId: string | null;
    scopes: string[];
    audience: string[];
    sessionId: string | null;
    authTime: Date | null;
  }): Promise<MintedAccessToken> {
    const roles = carriesRoles(args.scopes);
    return this.mint.accessToken(
      {
        sub: args.subject.user.id,
        tid: args.tenantId,
        roles: roles ? [args.subject.user.role] : [],
        trole: roles ? args.subject.tenantRole : null,
        sid: args.sessionId,
        scope: formatScope(args.scopes),
        typ: 'user',
        client_id: args.client.clientId,
        ...(args.authTime ? { auth_time: Math.floor(args.authTime.getTime() / 1000) } : {}),
      },
      args.audience,
    );
  }

  /** RFC 9068 §2.2: a client acting for itself is the token's subject. */
  clientAccessToken(
    client: OAuthClientView,
    scopes: string[],
    audience: string[],
  ): Promise<MintedAccessToken> {
    return this.mint.accessToken(
      {
        sub: client.clientId,
        tid: client.tenantId,
        roles: [],
        trole: null,
        sid: null,
        scope: formatScope(scopes),
        typ: 'client',
        client_id: client.clientId,
      },
      audience,
    );
  }

  /** An id_token when `openid` was granted, else undefined. */
  async idToken(args: {
    client: OAuthClientView;
    subject: TokenSubject;
    scopes: string[];
    accessToken: string;
    nonce: string | null;
    authTime: Date | null;
    sessionId: string | null;
  }): Promise<string | undefined> {
    if (!args.scopes.includes('openid')) return undefined;
    return this.mint.idToken({
      userId: args.subject.user.id,
      clientId: args.client.clientId,
      accessToken: args.accessToken,
      nonce: args.nonce,
      authTime: args.authTime,
      sessionId: args.sessionId,
      claims: this.claims.claimsFor(args.subject.user, args.scopes),
    });
  }
}

/** Refresh tokens go to clients allowed the grant that asked to stay signed in (OpenID Connect `offline_access`). */
export const getsRefreshToken = (client: OAuthClientView, scopes: readonly string[]) =>
  client.grantTypes.includes('refresh_token') && scopes.includes('offline_access');
