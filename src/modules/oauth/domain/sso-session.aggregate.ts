import { AggregateRoot } from '@opsledger/ddd';
import { SsoSessionEndedEvent, SsoSessionStartedEvent } from './events/sso-session.events';

/** How long a sign-in at the provider's login page lasts before the next one is asked for. */
export const SSO_SESSION_TTL_MS = 12 * 3_600_000;

export interface SsoSessionState {
  userId: string;
  authTime: Date;
  ipAddress: string | null;
  userAgent: string | null;
  expiresAt: Date;
  endedAt: Date | null;
  endReason: string | null;
}

/** A browser signed in at the provider: the `sid` of the id_tokens issued in it. */
export class SsoSession extends AggregateRoot {
  readonly streamType = 'oauth-session';

  private constructor(
    id: string,
    version: number,
    private state: SsoSessionState,
  ) {
    super(id, version);
  }

  static start(
    props: { id: string; userId: string; ipAddress: string | null; userAgent: string | null },
    now = new Date(),
  ): SsoSession {
    const expiresAt = new Date(now.getTime() + SSO_SESSION_TTL_MS);
    const session = new SsoSession(props.id, 0, {
      userId: props.userId,
      authTime: now,
      ipAddress: props.ipAddress,
      userAgent: props.userAgent,
      expiresAt,
      endedAt: null,
      endReason: null,
    });
    session.record(
      new SsoSessionStartedEvent(props.id, {
        userId: props.userId,
        ipAddress: props.ipAddress,
        userAgent: props.userAgent,
        authTime: now.toISOString(),
        expiresAt: expiresAt.toISOString(),
      }),
    );
    return session;
  }

  static rehydrate(id: string, version: number, state: SsoSessionState): SsoSession {
    return new SsoSession(id, version, { ...state });
  }

  get snapshot(): Readonly<SsoSessionState> {
    return this.state;
  }

  get userId(): string {
    return this.state.userId;
  }

  isLive(now = new Date()): boolean {
    return this.state.endedAt === null && this.state.expiresAt > now;
  }

  end(reason: string, clientId: string | null, now = new Date()): void {
    if (this.state.endedAt) return;
    this.state = { ...this.state, endedAt: now, endReason: reason };
    this.record(new SsoSessionEndedEvent(this.id, { userId: this.state.userId, reason, clientId }));
  }
}
