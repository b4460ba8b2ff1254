import { AggregateRoot } from '@opsledger/ddd';
import {
  AccessTokenRevokedEvent,
  RefreshTokenReuseDetectedEvent,
  TokenFamilyRefreshedEvent,
  TokenFamilyRevokedEvent,
  TokenFamilyStartedEvent,
} from './events/authorization.events';
import { invalidGrant } from './oauth.errors';

export type FamilyGrantType = 'authorization_code' | 'client_credentials';

export interface AccessTokenRecord {
  /** The token's `jti`. */
  id: string;
  tokenHash: string;
  scopes: string[];
  audience: string[];
  expiresAt: Date;
  createdAt: Date;
  revokedAt: Date | null;
  dirty?: 'new' | 'changed';
}

export interface RefreshTokenRecord {
  id: string;
  tokenHash: string;
  scopes: string[];
  expiresAt: Date;
  createdAt: Date;
  rotatedAt: Date | null;
  replacedBy: string | null;
  revokedAt: Date | null;
  dirty?: 'new' | 'changed';
}

export interface TokenFamilyState {
  clientId: string;
  userId: string | null;
  tenantId: string | null;
  grantType: FamilyGrantType;
  scopes: string[];
  audience: string[];
  sessionId: string | null;
  authTime: Date | null;
  authorizationCodeId: string | null;
  expiresAt: Date;
  createdAt: Date;
  revokedAt: Date | null;
  revokedReason: string | null;
  /** Loaded: the tokens the current operation touches (the presented one and the live ones). */
  accessTokens: AccessTokenRecord[];
  refreshTokens: RefreshTokenRecord[];
}

export interface NewAccessToken {
  id: string;
  tokenHash: string;
  expiresAt: Date;
  /** Narrower than the family's when a refresh asked for less (RFC 6749 §6). */
  scopes?: string[];
}

export interface NewRefreshToken {
  id: string;
  tokenHash: string;
}

export type RefreshOutcome =
  | { kind: 'rotated'; successor: RefreshTokenRecord }
  | { kind: 'duplicate'; successor: RefreshTokenRecord }
  | { kind: 'reuse-detected' };

export interface StartFamilyProps {
  id: string;
  clientId: string;
  userId: string | null;
  tenantId: string | null;
  grantType: FamilyGrantType;
  scopes: string[];
  audience: string[];
  sessionId: string | null;
  authTime: Date | null;
  authorizationCodeId: string | null;
  /** How long refresh tokens of the family live; the access token's expiry when there are none. */
  ttlMs: number;
  accessToken: NewAccessToken;
  refreshToken: NewRefreshToken | null;
}

/**
 * Every token that descends from one authorization: the access and refresh tokens of one
 * code, or the access token of one client-credentials grant. Refresh tokens rotate on every
 * use; presenting a rotated one again revokes the family, unless it is a duplicate inside
 * the grace window, which gets the same successor.
 */
export class TokenFamily extends AggregateRoot {
  readonly streamType = 'oauth-token-family';

  private constructor(
    id: string,
    version: number,
    private state: TokenFamilyState,
  ) {
    super(id, version);
  }

  static start(props: StartFamilyProps, now = new Date()): TokenFamily {
    const expiresAt = props.refreshToken
      ? new Date(now.getTime() + props.ttlMs)
      : props.accessToken.expiresAt;
    const family = new TokenFamily(props.id, 0, {
      clientId: props.clientId,
      userId: props.userId,
      tenantId: props.tenantId,
      grantType: props.grantType,
      scopes: [...props.scopes],
      audience: [...props.audience],
      sessionId: props.sessionId,
      authTime: props.authTime,
      authorizationCodeId: props.authorizationCodeId,
      expiresAt,
      createdAt: now,
      revokedAt: null,
      revokedReason: null,
      accessTokens: [],
      refreshTokens: props.refreshToken
        ? [TokenFamily.newRefreshToken(props.refreshToken, props.scopes, expiresAt, now)]
        : [],
    });
    family.addAccessToken(props.accessToken, now);
    family.record(
      new TokenFamilyStartedEvent(props.id, {
        clientId: props.clientId,
        userId: props.userId,
        tenantId: props.tenantId,
        grantType: props.grantType,
        scopes: [...props.scopes],
        audience: [...props.audience],
        sessionId: props.sessionId,
        authorizationCodeId: props.authorizationCodeId,
        accessTokenId: props.accessToken.id,
        refreshTokenId: props.refreshToken?.id ?? null,
        expiresAt: expiresAt.toISOString(),
      }),
    );
    return family;
  }

  static rehydrate(id: string, version: number, state: TokenFamilyState): TokenFamily {
    return new TokenFamily(id, version, {
      ...state,
      accessTokens: state.accessTokens.map((t) => ({ ...t })),
      refreshTokens: state.refreshTokens.map((t) => ({ ...t })),
    });
  }

  private static newRefreshToken(
    token: NewRefreshToken,
    scopes: string[],
    expiresAt: Date,
    now: Date,
  ): RefreshTokenRecord {
    return {
      ...token,
      scopes: [...scopes],
      expiresAt,
      createdAt: now,
      rotatedAt: null,
      replacedBy: null,
      revokedAt: null,
      dirty: 'new',
    };
  }

  private addAccessToken(token: NewAccessToken, now: Date): void {
    this.state.accessTokens.push({
      id: token.id,
      tokenHash: token.tokenHash,
      expiresAt: token.expiresAt,
      scopes: [...(token.scopes ?? this.state.scopes)],
      audience: [...this.state.audience],
      createdAt: now,
      revokedAt: null,
      dirty: 'new',
    });
  }

  get snapshot(): Readonly<TokenFamilyState> {
    return this.state;
  }

  isLive(now = new Date()): boolean {
    return this.state.revokedAt === null && this.state.expiresAt > now;
  }

  /**
   * Rotates the presented refresh token. `accessToken` is the access token issued with the
   * successor; it is recorded whether the successor is new or the grace-window duplicate.
   */
  refresh(
    presentedId: string,
    successor: NewRefreshToken,
    accessToken: NewAccessToken,
    graceMs: number,
    now = new Date(),
  ): RefreshOutcome {
    const presented = this.state.refreshTokens.find((t) => t.id === presentedId);
    if (!presented || !this.isLive(now) || presented.expiresAt <= now || presented.revokedAt) {
      throw invalidGrant('The refresh token is invalid, expired or revoked');
    }
    if (presented.rotatedAt === null) {
      presented.rotatedAt = now;
      presented.replacedBy = successor.id;
      presented.dirty = 'changed';
      const next = TokenFamily.newRefreshToken(
        successor,
        presented.scopes,
        this.state.expiresAt,
        now,
      );
      this.state.refreshTokens.push(next);
      this.addAccessToken(accessToken, now);
      this.record(
        new TokenFamilyRefreshedEvent(this.id, {
          clientId: this.state.clientId,
          userId: this.state.userId,
          refreshTokenId: successor.id,
          accessTokenId: accessToken.id,
          duplicate: false,
        }),
      );
      return { kind: 'rotated', successor: next };
    }
    const live = this.state.refreshTokens.find(
      (t) => t.id === presented.replacedBy && t.rotatedAt === null && t.revokedAt === null,
    );
    if (graceMs > 0 && live && now.getTime() - presented.rotatedAt.getTime() <= graceMs) {
      this.addAccessToken(accessToken, now);
      this.record(
        new TokenFamilyRefreshedEvent(this.id, {
          clientId: this.state.clientId,
          userId: this.state.userId,
          refreshTokenId: live.id,
          accessTokenId: accessToken.id,
          duplicate: true,
        }),
      );
      return { kind: 'duplicate', successor: live };
    }
    this.record(
      new RefreshTokenReuseDetectedEvent(this.id, {
        clientId: this.state.clientId,
        userId: this.state.userId,
        refreshTokenId: presentedId,
      }),
    );
    this.revoke('refresh_token_reuse', now);
    return { kind: 'reuse-detected' };
  }

  revokeAccessToken(accessTokenId: string, now = new Date()): void {
    const token = this.state.accessTokens.find((t) => t.id === accessTokenId);
    if (!token || token.revokedAt) return;
    token.revokedAt = now;
    token.dirty = token.dirty ?? 'changed';
    this.record(
      new AccessTokenRevokedEvent(this.id, { clientId: this.state.clientId, accessTokenId }),
    );
  }

  /** Ends the family: none of its access or refresh tokens is accepted any more. */
  revoke(reason: string, now = new Date()): void {
    if (this.state.revokedAt) return;
    this.state.revokedAt = now;
    this.state.revokedReason = reason;
    for (const token of [...this.state.refreshTokens, ...this.state.accessTokens]) {
      if (!token.revokedAt) {
        token.revokedAt = now;
        token.dirty = token.dirty ?? 'changed';
      }
    }
    this.record(
      new TokenFamilyRevokedEvent(this.id, {
        clientId: this.state.clientId,
        userId: this.state.userId,
        reason,
      }),
    );
  }
}
