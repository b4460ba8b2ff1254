import { AggregateRoot } from '@opsledger/ddd';
import {
  ExternalIdentityLinkedEvent,
  ExternalIdentityUnlinkedEvent,
} from './events/external-identity.events';
import { InvalidFieldError } from './oauth.errors';

const PROVIDER = /^[a-z0-9][a-z0-9._-]{0,49}$/;

export interface ExternalIdentityState {
  userId: string;
  provider: string;
  subject: string;
  createdAt: Date;
  unlinked: boolean;
}

/** An account at another identity provider (spec 000 `auth0_user_id`, spec 003 `auth0_id`) that signs in as one of our users. */
export class ExternalIdentity extends AggregateRoot {
  readonly streamType = 'external-identity';

  private constructor(
    id: string,
    version: number,
    private state: ExternalIdentityState,
  ) {
    super(id, version);
  }

  static link(
    props: { id: string; userId: string; provider: string; subject: string },
    now = new Date(),
  ): ExternalIdentity {
    if (!PROVIDER.test(props.provider))
      throw new InvalidFieldError(
        'OAUTH.INVALID_EXTERNAL_IDENTITY',
        'provider',
        'provider must be a lower-case name like auth0',
      );
    if (props.subject.length === 0 || props.subject.length > 255)
      throw new InvalidFieldError(
        'OAUTH.INVALID_EXTERNAL_IDENTITY',
        'subject',
        'subject must be 1–255 characters',
      );
    const identity = new ExternalIdentity(props.id, 0, {
      ...props,
      createdAt: now,
      unlinked: false,
    });
    identity.record(
      new ExternalIdentityLinkedEvent(props.id, {
        userId: props.userId,
        provider: props.provider,
        subject: props.subject,
      }),
    );
    return identity;
  }

  static rehydrate(id: string, version: number, state: ExternalIdentityState): ExternalIdentity {
    return new ExternalIdentity(id, version, { ...state });
  }

  get snapshot(): Readonly<ExternalIdentityState> {
    return this.state;
  }

  unlink(): void {
    if (this.state.unlinked) return;
    this.state = { ...this.state, unlinked: true };
    const { userId, provider, subject } = this.state;
    this.record(new ExternalIdentityUnlinkedEvent(this.id, { userId, provider, subject }));
  }
}
