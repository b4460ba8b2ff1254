import { AggregateRoot } from '@opsledger/ddd';
import {
  RefreshTokenReuseDetectedEvent,
  SessionRefreshedEvent,
  SessionRevokedEvent,
  SessionStartedEvent,
  SessionTenantSwitchedEvent,
} from './events/session.events';
import { InvalidRefreshTokenError } from './identity.errors';

export interface RefreshTokenRecord {
  id: string;
  tokenId: string;
  tokenHash: string;
  expiresAt: Date;
  isActive: boolean;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
  createdAt: Date;
  replacedBy: string | null;
  rotatedAt: Date | null;
  /** Set by the aggregate when the row must be written. */
  dirty?: 'new' | 'changed';
}

export interface SessionState {
  userId: string;
  tenantId: string | null;
  sessionTokenHash: string;
  ipAddress: string | null;
  userAgent: string | null;
  expiresAt: Date;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
  revokedReason: string | null;
  /** The tokens loaded with the session: the presented one and the live one. */
  tokens: RefreshTokenRecord[];
}

export interface NewRefreshToken {
  id: string;
  tokenId: string;
  tokenHash: string;
}

export type RotationOutcome =
  | { kind: 'rotated'; successor: RefreshTokenRecord }
  | { kind: 'duplicate'; successor: RefreshTokenRecord }
  | { kind: 'reuse-detected' };

/**
 * A login session and its refresh-token family (spec 001 `user_sessions`, spec 003
 * `refresh_tokens`). Every refresh rotates the token; presenting a rotated token again
 * revokes the family, except within a short grace window where the duplicate (two tabs)
 * is answered with the same successor.
 */
export class Session extends AggregateRoot {
  readonly streamType = 'session';

  private constructor(
    id: string,
    version: number,
    private state: SessionState,
  ) {
    super(id, version);
  }

  static start(
    props: {
      id: string;
      userId: string;
      tenantId: string | null;
      sessionTokenHash: string;
      ipAddress: string | null;
      userAgent: string | null;
      ttlMs: number;
      token: NewRefreshToken;
    },
    now = new Date(),
  ): Session {
    const expiresAt = new Date(now.getTime() + props.ttlMs);
    const session = new Session(props.id, 0, {
      userId: props.userId,
      tenantId: props.tenantId,
      sessionTokenHash: props.sessionTokenHash,
      ipAddress: props.ipAddress,
      userAgent: props.userAgent,
      expiresAt,
      createdAt: now,
      lastUsedAt: now,
      revokedAt: null,
      revokedReason: null,
      tokens: [Session.newToken(props.token, expiresAt, now)],
    });
    session.record(
      new SessionStartedEvent(props.id, {
        userId: props.userId,
        tenantId: props.tenantId,
        ipAddress: props.ipAddress,
        userAgent: props.userAgent,
        expiresAt: expiresAt.toISOString(),
      }),
    );
    return session;
  }

  static rehydrate(id: string, version: number, state: SessionState): Session {
    return new Session(id, version, { ...state, tokens: state.tokens.map((t) => ({ ...t })) });
  }

  private static newToken(token: NewRefreshToken, expiresAt: Date, now: Date): RefreshTokenRecord {
    return {
      ...token,
      expiresAt,
      isActive: true,
      lastUsedAt: null,
      revokedAt: null,
      createdAt: now,
      replacedBy: null,
      rotatedAt: null,
      dirty: 'new',
    };
  }

  get snapshot(): Readonly<SessionState> {
    return this.state;
  }

  get userId(): string {
    return this.state.userId;
  }

  get tenantId(): string | null {
    return this.state.tenantId;
  }

  isLive(now = new Date()): boolean {
    return this.state.revokedAt === null && this.state.expiresAt > now;
  }

  rotate(
    presentedTokenId: string,
    successor: NewRefreshToken,
    graceMs: number,
    now = new Date(),
  ): RotationOutcome {
    const presented = this.state.tokens.find((t) => t.tokenId === presentedTokenId);
    if (!presented || !this.isLive(now) || presented.expiresAt <= now)
      throw new InvalidRefreshTokenError();
    if (presented.isActive) {
      presented.isActive = false;
      presented.replacedBy = successor.tokenId;
      presented.rotatedAt = now;
      presented.lastUsedAt = now;
      presented.dirty = 'changed';
      const next = Session.newToken(successor, this.state.expiresAt, now);
      this.state.tokens.push(next);
      this.state.lastUsedAt = now;
      this.record(
        new SessionRefreshedEvent(this.id, {
          userId: this.state.userId,
          tokenId: successor.tokenId,
        }),
      );
      return { kind: 'rotated', successor: next };
    }
    const live = this.state.tokens.find((t) => t.isActive && t.tokenId === presented.replacedBy);
    if (
      graceMs > 0 &&
      live &&
      presented.rotatedAt &&
      now.getTime() - presented.rotatedAt.getTime() <= graceMs
    ) {
      return { kind: 'duplicate', successor: live };
    }
    this.record(
      new RefreshTokenReuseDetectedEvent(this.id, {
        userId: this.state.userId,
        tokenId: presentedTokenId,
      }),
    );
    this.revoke('refresh_token_reuse', now);
    return { kind: 'reuse-detected' };
  }

  switchTenant(tenantId: string): void {
    if (tenantId === this.state.tenantId) return;
    const previous = this.state.tenantId;
    this.state.tenantId = tenantId;
    this.record(
      new SessionTenantSwitchedEvent(
        this.id,
        { userId: this.state.userId, tenantId },
        { tenantId: previous },
      ),
    );
  }

  revoke(reason: string, now = new Date()): void {
    if (this.state.revokedAt) return;
    this.state.revokedAt = now;
    this.state.revokedReason = reason;
    for (const token of this.state.tokens) {
      if (token.isActive) {
        token.isActive = false;
        token.revokedAt = now;
        token.dirty = token.dirty ?? 'changed';
      }
    }
    this.record(new SessionRevokedEvent(this.id, { userId: this.state.userId, reason }));
  }
}
