import { DomainError } from '@opsledger/ddd';

export class EmailTakenError extends DomainError {
  constructor() {
    super('IDENTITY.EMAIL_TAKEN', 'conflict', 'An account with this email already exists', {
      field: 'email',
    });
  }
}

export class UsernameTakenError extends DomainError {
  constructor() {
    super('IDENTITY.USERNAME_TAKEN', 'conflict', 'This username is already taken', {
      field: 'username',
    });
  }
}

export class UserInactiveError extends DomainError {
  constructor() {
    super('IDENTITY.USER_INACTIVE', 'conflict', 'The account is deactivated');
  }
}

export class InvalidEmailError extends DomainError {
  constructor() {
    super('IDENTITY.INVALID_EMAIL', 'invalid_input', 'email is not a valid email address', {
      field: 'email',
    });
  }
}

export class WeakPasswordError extends DomainError {
  constructor(reason: string) {
    super('IDENTITY.WEAK_PASSWORD', 'invalid_input', `password ${reason}`, {
      field: 'password',
    });
  }
}

/** One message for every failed login, whether or not the account exists. */
export class LoginFailedError extends DomainError {
  constructor(subject: string) {
    super('AUTH.LOGIN_FAILED', 'unauthorized', 'Invalid login or password', { subject });
  }
}

export class LoginThrottledError extends DomainError {
  constructor(retryAfterSeconds: number, subject: string) {
    super('AUTH.LOGIN_THROTTLED', 'rate_limited', 'Too many login attempts; try again later', {
      retryAfter: retryAfterSeconds,
      subject,
    });
  }
}

export class InvalidRefreshTokenError extends DomainError {
  constructor(
    code = 'AUTH.INVALID_REFRESH_TOKEN',
    message = 'The refresh token is invalid or expired',
  ) {
    super(code, 'unauthorized', message);
  }
}

export class SelfRoleChangeError extends DomainError {
  constructor() {
    super('IDENTITY.SELF_ROLE_CHANGE', 'forbidden', 'Users cannot change their own role');
  }
}
