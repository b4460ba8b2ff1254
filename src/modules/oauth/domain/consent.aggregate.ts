import { AggregateRoot } from '@opsledger/ddd';
import { ConsentGrantedEvent, ConsentRevokedEvent } from './events/consent.events';

export interface ConsentState {
  userId: string;
  clientId: string;
  scopes: string[];
  grantedAt: Date;
  revokedAt: Date | null;
}

/** What a user allowed a client to do (remembered per client and scope) until they revoke it. */
export class Consent extends AggregateRoot {
  readonly streamType = 'oauth-consent';

  private constructor(
    id: string,
    version: number,
    private state: ConsentState,
  ) {
    super(id, version);
  }

  static give(
    props: { id: string; userId: string; clientId: string; scopes: string[] },
    now = new Date(),
  ): Consent {
    const consent = new Consent(props.id, 0, {
      userId: props.userId,
      clientId: props.clientId,
      scopes: [...new Set(props.scopes)],
      grantedAt: now,
      revokedAt: null,
    });
    consent.record(
      new ConsentGrantedEvent(props.id, {
        userId: props.userId,
        clientId: props.clientId,
        scopes: consent.state.scopes,
      }),
    );
    return consent;
  }

  static rehydrate(id: string, version: number, state: ConsentState): Consent {
    return new Consent(id, version, { ...state, scopes: [...state.scopes] });
  }

  get snapshot(): Readonly<ConsentState> {
    return this.state;
  }

  get isLive(): boolean {
    return this.state.revokedAt === null;
  }

  covers(scopes: readonly string[]): boolean {
    return this.isLive && scopes.every((s) => this.state.scopes.includes(s));
  }

  /** Adds scopes to a live consent, or starts afresh after a revocation. */
  grant(scopes: readonly string[], now = new Date()): void {
    const base = this.isLive ? this.state.scopes : [];
    const next = [...new Set([...base, ...scopes])];
    if (this.isLive && next.length === this.state.scopes.length) return;
    const previous = this.isLive ? [...this.state.scopes] : [];
    this.state = { ...this.state, scopes: next, grantedAt: now, revokedAt: null };
    this.record(
      new ConsentGrantedEvent(
        this.id,
        { userId: this.state.userId, clientId: this.state.clientId, scopes: next },
        { scopes: previous },
      ),
    );
  }

  revoke(revokedBy: 'user' | 'admin', now = new Date()): void {
    if (!this.isLive) return;
    this.state = { ...this.state, revokedAt: now };
    this.record(
      new ConsentRevokedEvent(this.id, {
        userId: this.state.userId,
        clientId: this.state.clientId,
        revokedBy,
      }),
    );
  }
}
