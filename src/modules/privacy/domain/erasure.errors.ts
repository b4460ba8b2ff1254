import { DomainError } from '@opsledger/ddd';

export class ErasureAlreadyRequestedError extends DomainError {
  constructor(userId: string) {
    super(
      'ERASURE.ALREADY_REQUESTED',
      'conflict',
      'An erasure of this user is already scheduled or running',
      { field: 'userId', userId },
    );
  }
}

export class ErasureNotCancellableError extends DomainError {
  constructor(status: string) {
    super(
      'ERASURE.NOT_CANCELLABLE',
      'invalid_transition',
      `An erasure that is ${status} can no longer be cancelled`,
      { from: status, action: 'cancel', allowedTransitions: [] },
    );
  }
}

export class ErasureUserNotFoundError extends DomainError {
  constructor() {
    super('ERASURE.USER_NOT_FOUND', 'not_found', 'No such user', { field: 'userId' });
  }
}

export class ErasureForbiddenError extends DomainError {
  constructor() {
    super('ERASURE.FORBIDDEN', 'forbidden', 'You may not request this erasure');
  }
}
