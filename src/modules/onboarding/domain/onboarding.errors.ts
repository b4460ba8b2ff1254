import { DomainError } from '@opsledger/ddd';

export class InvalidOnboardingFieldError extends DomainError {
  constructor(field: string, message: string) {
    super('ONBOARDING.INVALID_FIELD', 'invalid_input', message, { field });
  }
}

export class ContractorExistsError extends DomainError {
  constructor() {
    super(
      'CONTRACTOR.ALREADY_EXISTS',
      'conflict',
      'This user is already a contractor of the tenant',
      { field: 'userId' },
    );
  }
}

export class RejectionReasonsRequiredError extends DomainError {
  constructor() {
    super(
      'CONTRACTOR.REJECTION_REASONS_REQUIRED',
      'validation',
      'A rejection names at least one item and the reason it is refused',
      { field: 'reasons' },
    );
  }
}

export class LicenseExistsError extends DomainError {
  constructor() {
    super(
      'LICENSE.ALREADY_EXISTS',
      'conflict',
      'The contractor already holds this license number in this state',
      { field: 'licenseNumber' },
    );
  }
}

export class MicroDepositsNotSentError extends DomainError {
  constructor() {
    super(
      'BANK_ACCOUNT.MICRO_DEPOSITS_NOT_SENT',
      'conflict',
      'No micro-deposits are waiting to be confirmed for this account',
    );
  }
}

export class MicroDepositsLockedError extends DomainError {
  constructor(until: Date) {
    super(
      'BANK_ACCOUNT.MICRO_DEPOSITS_LOCKED',
      'conflict',
      'Too many wrong micro-deposit amounts: verification is locked',
      { lockedUntil: until.toISOString() },
    );
  }
}

export class BankAccountNotPendingError extends DomainError {
  constructor(status: string) {
    super(
      'BANK_ACCOUNT.NOT_PENDING',
      'conflict',
      `The bank account is ${status}; only a pending account can be verified`,
    );
  }
}

export class NoOnboardingAccessError extends DomainError {
  constructor() {
    super(
      'ONBOARDING.NO_ACCESS',
      'forbidden',
      'You are neither a reviewer nor a contractor of this tenant',
    );
  }
}

export class ReviewerRequiredError extends DomainError {
  constructor() {
    super('ONBOARDING.REVIEWER_REQUIRED', 'forbidden', 'Only reviewers can do this');
  }
}

export class ContractorRequiredError extends DomainError {
  constructor() {
    super(
      'ONBOARDING.CONTRACTOR_REQUIRED',
      'forbidden',
      "Only the contractor's own user can do this",
    );
  }
}
