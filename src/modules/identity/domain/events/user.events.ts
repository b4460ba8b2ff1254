import { DomainEvent, NO_PERSONAL_DATA, personalData } from '@opsledger/ddd';
import { PlatformRole } from '../platform-role';

export interface UserRegisteredPayload {
  email: string;
  username: string | null;
  fullName: string | null;
  role: PlatformRole;
  isEmailVerified: boolean;
  via: 'admin' | 'sign-up' | 'invitation' | 'bootstrap';
}

export class UserRegisteredEvent extends DomainEvent<UserRegisteredPayload> {
  static readonly personalData = personalData<UserRegisteredEvent>({
    fields: ['email', 'username', 'fullName'],
  });
  readonly type = 'identity.user.registered.v1';
}

export class UserProfileChangedEvent extends DomainEvent<{
  fullName?: string | null;
  username?: string | null;
}> {
  static readonly personalData = personalData<UserProfileChangedEvent>({
    fields: ['fullName', 'username'],
  });
  readonly type = 'identity.user.profile-changed.v1';
}

/** The hash itself never enters the ledger. */
export class UserPasswordChangedEvent extends DomainEvent<{
  reason: 'change' | 'reset' | 'invitation';
}> {
  static readonly personalData = NO_PERSONAL_DATA;
  readonly type = 'identity.user.password-changed.v1';
}

export class UserEmailVerifiedEvent extends DomainEvent<{ email: string; verifiedAt: string }> {
  static readonly personalData = personalData<UserEmailVerifiedEvent>({ fields: ['email'] });
  readonly type = 'identity.user.email-verified.v1';
}

export class UserDeactivatedEvent extends DomainEvent<{ isActive: false }> {
  static readonly personalData = NO_PERSONAL_DATA;
  readonly type = 'identity.user.deactivated.v1';
}

export class UserReactivatedEvent extends DomainEvent<{ isActive: true }> {
  static readonly personalData = NO_PERSONAL_DATA;
  readonly type = 'identity.user.reactivated.v1';
}

export class UserRoleChangedEvent extends DomainEvent<{ role: PlatformRole }> {
  static readonly personalData = NO_PERSONAL_DATA;
  readonly type = 'identity.user.role-changed.v1';
}

export class UserLoggedInEvent extends DomainEvent<{
  sessionId: string;
  tenantId: string | null;
  at: string;
}> {
  static readonly personalData = NO_PERSONAL_DATA;
  readonly type = 'identity.user.logged-in.v1';
}

/** A single-use token was issued; the token itself is only in the mail, never in the ledger. */
export class UserActionTokenIssuedEvent extends DomainEvent<{
  purpose: 'email_verification' | 'password_reset';
  expiresAt: string;
}> {
  static readonly personalData = NO_PERSONAL_DATA;
  readonly type = 'identity.user.action-token-issued.v1';
}
