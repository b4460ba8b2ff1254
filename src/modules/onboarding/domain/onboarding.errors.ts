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

export class StepOutOfOrderError extends DomainError {
  constructor(step: string, missing: readonly string[]) {
    super(
      'ONBOARDING.STEP_OUT_OF_ORDER',
      'conflict',
      `The ${step} step comes after ${missing.join(', ')}, which ${missing.length === 1 ? 'is' : 'are'} not complete`,
      { missingSteps: [...missing] },
    );
  }
}

/** A submitted step broke its rules; the errors are stored with the progress. */
export class StepValidationFailedError extends DomainError {
  constructor(step: string, errors: ReadonlyArray<{ field: string; message: string }>) {
    super(
      'ONBOARDING.STEP_INVALID',
      'validation',
      `The ${step} step is not complete: ${errors.map((e) => e.field).join(', ')}`,
      { errors: errors.map((e) => ({ field: e.field, message: e.message })) },
    );
  }
}

export class UnknownStepError extends DomainError {
  constructor(step: string) {
    super('ONBOARDING.UNKNOWN_STEP', 'invalid_input', `There is no onboarding step ${step}`, {
      field: 'step',
    });
  }
}

export class ContractorUserRequiredError extends DomainError {
  constructor() {
    super('ONBOARDING.USER_REQUIRED', 'forbidden', 'A contractor signs up as a user');
  }
}

export class NoTaxIdError extends DomainError {
  constructor() {
    super('BUSINESS_PROFILE.NO_TAX_ID', 'not_found', 'The business profile holds no tax id');
  }
}

export class ItemExpiredError extends DomainError {
  constructor(item: string) {
    super(
      'ONBOARDING.ITEM_EXPIRED',
      'conflict',
      `The ${item} has expired: renew it before it can be verified`,
    );
  }
}

export class ExpiryJobOnlyError extends DomainError {
  constructor() {
    super('ONBOARDING.SYSTEM_ONLY', 'forbidden', 'Only the expiration job expires items');
  }
}
