import { AggregateRoot } from '@opsledger/ddd';
import {
  UserDeactivatedEvent,
  UserEmailVerifiedEvent,
  UserLoggedInEvent,
  UserPasswordChangedEvent,
  UserProfileChangedEvent,
  UserReactivatedEvent,
  UserRegisteredEvent,
  UserRegisteredPayload,
  UserRoleChangedEvent,
  UserActionTokenIssuedEvent,
} from './events/user.events';
import { UserInactiveError } from './identity.errors';
import { PlatformRole } from './platform-role';

export interface UserState {
  email: string;
  username: string | null;
  fullName: string | null;
  passwordHash: string;
  role: PlatformRole;
  isActive: boolean;
  isEmailVerified: boolean;
  emailVerifiedAt: Date | null;
  lastLoginAt: Date | null;
  createdAt: Date;
}

export interface RegisterUserProps {
  id: string;
  email: string;
  username: string | null;
  fullName: string | null;
  passwordHash: string;
  role: PlatformRole;
  emailVerified: boolean;
  via: UserRegisteredPayload['via'];
}

/** An account: the one login of the platform (spec 001 `users` with spec 002's role). */
export class User extends AggregateRoot {
  readonly streamType = 'user';

  private constructor(
    id: string,
    version: number,
    private state: UserState,
  ) {
    super(id, version);
  }

  static register(props: RegisterUserProps, now = new Date()): User {
    const user = new User(props.id, 0, {
      email: props.email,
      username: props.username,
      fullName: props.fullName,
      passwordHash: props.passwordHash,
      role: props.role,
      isActive: true,
      isEmailVerified: props.emailVerified,
      emailVerifiedAt: props.emailVerified ? now : null,
      lastLoginAt: null,
      createdAt: now,
    });
    user.record(
      new UserRegisteredEvent(props.id, {
        email: props.email,
        username: props.username,
        fullName: props.fullName,
        role: props.role,
        isEmailVerified: props.emailVerified,
        via: props.via,
      }),
    );
    return user;
  }

  static rehydrate(id: string, version: number, state: UserState): User {
    return new User(id, version, { ...state });
  }

  get snapshot(): Readonly<UserState> {
    return this.state;
  }

  get isActive(): boolean {
    return this.state.isActive;
  }

  changeProfile(changes: { fullName?: string | null; username?: string | null }): void {
    const next: { fullName?: string | null; username?: string | null } = {};
    const previous: { fullName?: string | null; username?: string | null } = {};
    if (changes.fullName !== undefined && changes.fullName !== this.state.fullName) {
      previous.fullName = this.state.fullName;
      next.fullName = changes.fullName;
    }
    if (changes.username !== undefined && changes.username !== this.state.username) {
      previous.username = this.state.username;
      next.username = changes.username;
    }
    if (Object.keys(next).length === 0) return;
    this.state = { ...this.state, ...next };
    this.record(new UserProfileChangedEvent(this.id, next, previous));
  }

  changePassword(passwordHash: string, reason: 'change' | 'reset' | 'invitation'): void {
    this.assertActive();
    this.state = { ...this.state, passwordHash };
    this.record(new UserPasswordChangedEvent(this.id, { reason }));
  }

  verifyEmail(now = new Date()): void {
    if (this.state.isEmailVerified) return;
    this.state = { ...this.state, isEmailVerified: true, emailVerifiedAt: now };
    this.record(
      new UserEmailVerifiedEvent(this.id, {
        email: this.state.email,
        verifiedAt: now.toISOString(),
      }),
    );
  }

  deactivate(): void {
    if (!this.state.isActive) return;
    this.state = { ...this.state, isActive: false };
    this.record(new UserDeactivatedEvent(this.id, { isActive: false }, { isActive: true }));
  }

  reactivate(): void {
    if (this.state.isActive) return;
    this.state = { ...this.state, isActive: true };
    this.record(new UserReactivatedEvent(this.id, { isActive: true }, { isActive: false }));
  }

  changeRole(role: PlatformRole): void {
    if (role === this.state.role) return;
    const previous = this.state.role;
    this.state = { ...this.state, role };
    this.record(new UserRoleChangedEvent(this.id, { role }, { role: previous }));
  }

  /** Issues a verification or reset token; a deactivated account gets none. */
  issueActionToken(purpose: 'email_verification' | 'password_reset', expiresAt: Date): void {
    this.assertActive();
    this.record(
      new UserActionTokenIssuedEvent(this.id, { purpose, expiresAt: expiresAt.toISOString() }),
    );
  }

  recordLogin(sessionId: string, tenantId: string | null, now = new Date()): void {
    this.assertActive();
    this.state = { ...this.state, lastLoginAt: now };
    this.record(new UserLoggedInEvent(this.id, { sessionId, tenantId, at: now.toISOString() }));
  }

  private assertActive(): void {
    if (!this.state.isActive) throw new UserInactiveError();
  }
}
